import { useId, useState } from 'react'
import { readThemePreference, saveThemePreference, THEME_PREFERENCES, type ThemePreference } from '../lib/theme.ts'

const LABELS: Record<ThemePreference, string> = { system: 'System', light: 'Light', dark: 'Dark' }

export function ThemeToggle() {
  const [preference, setPreference] = useState<ThemePreference>(readThemePreference)
  const id = useId()
  return (
    <div className="theme-toggle">
      <label htmlFor={id}>Theme</label>
      <select
        id={id}
        value={preference}
        onChange={(e) => {
          const next = e.target.value as ThemePreference
          setPreference(next)
          saveThemePreference(next)
        }}
      >
        {THEME_PREFERENCES.map((p) => (
          <option key={p} value={p}>
            {LABELS[p]}
          </option>
        ))}
      </select>
    </div>
  )
}
