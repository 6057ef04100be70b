import bcrypt from 'bcryptjs';

/** bcrypt cost 10: ~70 ms per hash on one core, slow enough to blunt offline guessing. */
const COST = 10;

export const hashPassword = (password: string) => bcrypt.hash(password, COST);
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);
