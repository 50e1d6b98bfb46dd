import bcrypt from "bcryptjs";

/** bcrypt cost; tests lower it through BCRYPT_COST to stay fast. */
const cost = Number(process.env.BCRYPT_COST ?? 12);

export const passwordRules = { minLength: 8, maxLength: 200 } as const;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the email is unknown, so that both paths cost the same time
// and response timing does not reveal which addresses have an account.
const decoyHash = bcrypt.hashSync("comptoir-decoy-password", cost);

export async function burnPasswordCheck(password: string): Promise<false> {
  await bcrypt.compare(password, decoyHash);
  return false;
}
