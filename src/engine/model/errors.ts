/**
 * Errors the engine raises about its inputs. They carry no file or line: the data layer that
 * called the engine adds those when it turns this into an InputError.
 */
export class ValueError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ValueError';
  }
}
