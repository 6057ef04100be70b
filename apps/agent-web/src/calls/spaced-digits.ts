/** "123#" → "1 2 3 #": screen readers read digits one by one instead of as a number. */
export function spaced(digits: string): string {
  return digits.split('').join(' ');
}
