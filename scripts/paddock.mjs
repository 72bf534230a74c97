#!/usr/bin/env node
// `npx paddock …`: the command-line entry. Registers tsx so the TypeScript sources (and the
// same core validator the server and the editor use) run without a build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('./paddock-cli.ts')
process.exitCode = await main(process.argv.slice(2))
