import { userInfo } from 'node:os'

/** Who is at this computer, for the logs people read later ("asked by", "closed by"): the OS account. */
export function operatorName(): string {
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}
