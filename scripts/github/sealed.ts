// GitHub takes a secret only as a libsodium sealed box for the repository's (or environment's) public key:
// `encrypted_value` (base64) with the key's `key_id`. The plain value never leaves this process.
import sodium from 'libsodium-wrappers';

/** Seals `value` for the base64 Curve25519 public key GitHub returned; the result is base64. */
export async function seal(value: string, publicKey: string): Promise<string> {
  await sodium.ready;
  const key = sodium.from_base64(publicKey, sodium.base64_variants.ORIGINAL);
  const box = sodium.crypto_box_seal(sodium.from_string(value), key);
  return sodium.to_base64(box, sodium.base64_variants.ORIGINAL);
}
