import { useEffect, useState } from 'react'

/** Copies text with the Clipboard API and says so (politely) to screen readers. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle')

  useEffect(() => {
    if (status === 'idle') return
    const timer = setTimeout(() => setStatus('idle'), 2000)
    return () => clearTimeout(timer)
  }, [status])

  const handleClick = async () => {
    try {
      await navigator.clipboard.writeText(text)
      setStatus('copied')
    } catch {
      setStatus('failed')
    }
  }

  return (
    <span className="copy">
      <button type="button" className="button button-small" onClick={handleClick} aria-label={label}>
        Copy
      </button>
      <span className="muted small" aria-live="polite">
        {status === 'copied' ? 'Copied' : status === 'failed' ? 'Copy failed: select the text instead' : ''}
      </span>
    </span>
  )
}
