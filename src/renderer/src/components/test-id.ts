/**
 * MUI slot prop types do not list data-* attributes; spreading this into a slot's props
 * gets the test id onto the inner element (the real <input>) that automation must drive.
 */
export function testIdAttr(id: string): { 'data-testid': string } {
  return { 'data-testid': id };
}
