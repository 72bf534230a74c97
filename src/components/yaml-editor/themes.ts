/** Names of the Monaco themes monaco-setup defines (kept apart so code without Monaco can name them). */
export const MONACO_THEMES = { light: 'paddock-light', dark: 'paddock-dark' } as const
export type MonacoThemeName = (typeof MONACO_THEMES)[keyof typeof MONACO_THEMES]
