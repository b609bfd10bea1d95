import { main } from './cli.js';

// Flush stdout before exiting so piped output is never cut short.
const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));
