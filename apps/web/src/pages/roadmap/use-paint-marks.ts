/**
 * The roadmap's paint marks: 'roadmap:rendered' after the first paint of a layout (and the
 * measure 'roadmap' from 'roadmap:data'), then 'roadmap:complete' once the whole range is
 * painted; returns true from then on ([data-testid=roadmap] data-state="ready").
 */
import { useEffect, useRef, useState } from 'react'
import { mark, measure } from './marks.ts'

export function usePaintMarks(layout: unknown, dataMarked: boolean, complete: boolean): boolean {
  const renderMarked = useRef(false)
  const [painted, setPainted] = useState(false)
  const [ready, setReady] = useState(false)
  // 'ready' once the whole range is painted (after the first, nearer part)
  useEffect(() => {
    if (!painted || !complete || ready) return
    const raf = requestAnimationFrame(() => {
      mark('roadmap:complete')
      setReady(true)
    })
    return () => cancelAnimationFrame(raf)
  }, [painted, complete, ready, layout])
  useEffect(() => {
    if (!layout || !dataMarked || renderMarked.current) return
    renderMarked.current = true
    let t: ReturnType<typeof setTimeout> | undefined
    const raf = requestAnimationFrame(() => {
      t = setTimeout(() => {
        mark('roadmap:rendered')
        measure('roadmap', 'roadmap:data', 'roadmap:rendered')
        setPainted(true)
      }, 0)
    })
    return () => {
      cancelAnimationFrame(raf)
      if (t) clearTimeout(t)
    }
  }, [layout, dataMarked])
  return ready
}
