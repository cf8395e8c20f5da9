/** The roadmap's performance marks (best effort: a browser without the User Timing API simply has none). */
export function mark(name: string): void {
  try {
    performance.mark(name)
  } catch {
    // marks are best effort
  }
}

export function measure(name: string, start: string, end: string): void {
  try {
    performance.measure(name, start, end)
  } catch {
    // measures are best effort
  }
}
