import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { BoundedMap } from "../domain/bounded-map";
import { ROLES, type Role } from "../domain/roles";
import { ApiError } from "../http/errors";

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const TOKEN_ISSUER = "slaguard";
export const TOKEN_AUDIENCE = "slaguard-api";
const TOKEN_TYPE = "at+jwt";

export type AccessClaims = { sub: string; org: string; role: Role; exp: number };

// Importing the HMAC key costs more than the verification itself; a secret's key is made once per isolate.
const keys = new Map<string, Promise<CryptoKey>>();

function key(secret: string): Promise<CryptoKey> {
  let imported = keys.get(secret);
  if (!imported) {
    imported = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, imported);
  }
  return imported;
}

/** Signs a 15-minute HS256 access token for a user; `now` is the issuing instant. */
export async function signAccessToken(claims: { userId: string; orgId: string; role: Role }, secret: string, now: Date) {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ org: claims.orgId, role: claims.role })
    .setProtectedHeader({ alg: "HS256", typ: TOKEN_TYPE })
    .setSubject(claims.userId)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
    .setJti(crypto.randomUUID())
    .sign(await key(secret));
}

// A token's signature and claims never change, and of its checks only the expiry depends on the
// instant: a token verified once by this isolate is only checked for expiry after that (the account
// behind it is checked by each request anyway). Kept with the secret it verified under.
const verified = new BoundedMap<string, { secret: string; claims: AccessClaims }>(1_024);

const expired = () => ApiError.unauthorized("The access token has expired.");

/**
 * Verifies signature (HS256 only: `none` and every other alg are refused), type, issuer, audience
 * and expiry at `now`. Any failure is the same 401, so a client learns nothing from the reason.
 */
export async function verifyAccessToken(token: string, secret: string, now: Date): Promise<AccessClaims> {
  const known = verified.get(token);
  if (known?.secret === secret) {
    // jose's own rule: expired once `exp` is at or before the current second.
    if (known.claims.exp <= Math.floor(now.getTime() / 1000)) throw expired();
    return known.claims;
  }
  const claims = await verifySignedToken(token, secret, now);
  verified.set(token, { secret, claims });
  return claims;
}

async function verifySignedToken(token: string, secret: string, now: Date): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, await key(secret), {
      algorithms: ["HS256"],
      typ: TOKEN_TYPE,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      currentDate: now,
      requiredClaims: ["sub", "exp", "iat"],
    });
    const role = payload.role as Role;
    if (typeof payload.org !== "string" || !ROLES.includes(role) || !payload.sub || !payload.exp) throw new Error("claims");
    return { sub: payload.sub, org: payload.org, role, exp: payload.exp };
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw expired();
    throw ApiError.unauthorized("The access token is not valid.");
  }
}
