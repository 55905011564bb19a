/**
 * A key pair standing in for GoHighLevel's: HighLevel signs with a private key only it holds, so tests sign with a
 * generated one and verify with its public half (or with the private PEM, from which the public half is derived).
 */
import * as NodeCrypto from "node:crypto"

const pair = NodeCrypto.generateKeyPairSync("rsa", { modulusLength: 2048 })

export const privateKeyPem = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString()
export const publicKeyPem = pair.publicKey.export({ type: "spki", format: "pem" }).toString()

/** The public key of another pair: a delivery signed with `privateKeyPem` does not verify against it. */
export const otherPublicKeyPem = NodeCrypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey
  .export({ type: "spki", format: "pem" })
  .toString()
