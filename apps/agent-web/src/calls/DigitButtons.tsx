/** The twelve keys of a telephone keypad, in its layout (ITU-T E.161). */
export const digitKeys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
export type DigitKey = (typeof digitKeys)[number];

/** The letters printed under the keys (E.161); decoration only, so hidden from screen readers. */
const letters: Partial<Record<DigitKey, string>> = {
  '2': 'ABC',
  '3': 'DEF',
  '4': 'GHI',
  '5': 'JKL',
  '6': 'MNO',
  '7': 'PQRS',
  '8': 'TUV',
  '9': 'WXYZ',
};

export function isDigitKey(key: string): key is DigitKey {
  return (digitKeys as readonly string[]).includes(key);
}

/** A 4×3 grid of digit buttons, each named by its digit ("1", "*", "#"). */
export function DigitButtons({ onDigit, disabled = false }: { onDigit(digit: DigitKey): void; disabled?: boolean }) {
  return (
    <div className="digit-grid">
      {digitKeys.map((digit) => (
        <button key={digit} type="button" className="digit" disabled={disabled} onClick={() => onDigit(digit)}>
          <span className="digit-main">{digit}</span>
          <span className="digit-letters" aria-hidden="true">
            {letters[digit] ?? ' '}
          </span>
        </button>
      ))}
    </div>
  );
}
