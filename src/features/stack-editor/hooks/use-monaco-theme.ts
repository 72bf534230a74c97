import { useSyncExternalStore } from 'react'
import { MONACO_THEMES, type MonacoThemeName } from '../../../components/yaml-editor/themes.ts'

const DARK = '(prefers-color-scheme: dark)'

function isDark(): boolean {
  const chosen = document.documentElement.getAttribute('data-theme')
  if (chosen === 'dark') return true
  if (chosen === 'light') return false
  return typeof matchMedia === 'function' && matchMedia(DARK).matches
}

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange)
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
  const media = typeof matchMedia === 'function' ? matchMedia(DARK) : null
  media?.addEventListener('change', onChange)
  return () => {
    observer.disconnect()
    media?.removeEventListener('change', onChange)
  }
}

/** The Monaco theme that matches the app's (the theme toggle or the OS preference). */
export function useMonacoTheme(): MonacoThemeName {
  return useSyncExternalStore(subscribe, () => (isDark() ? MONACO_THEMES.dark : MONACO_THEMES.light))
}
