import { createContext, useContext } from 'react';
import { makeTheme, type Theme } from './theme.js';

/** The theme for components: kept apart from theme.ts so choosing one does not load React. */
export const ThemeContext = createContext<Theme>(makeTheme(false));
export const useTheme = (): Theme => useContext(ThemeContext);
