import { type FieldError, badInput } from './errors.ts'

export type Path = (string | number)[]

/** Collects every problem of an input before anything is written; throw() raises BAD_USER_INPUT. */
export class FieldErrors {
  readonly errors: FieldError[] = []

  add(path: Path, message: string): this {
    this.errors.push({ path, message })
    return this
  }

  /** Adds the error when `ok` is false; returns ok. */
  check(ok: boolean, path: Path, message: string): boolean {
    if (!ok) this.add(path, message)
    return ok
  }

  required(value: string | null | undefined, path: Path, what = 'value'): boolean {
    return this.check(typeof value === 'string' && value.trim() !== '', path, `${what} must not be empty`)
  }

  get any(): boolean {
    return this.errors.length > 0
  }

  throwIfAny(): void {
    if (this.any) throw badInput(this.errors)
  }
}
