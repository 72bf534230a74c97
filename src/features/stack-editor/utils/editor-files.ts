import type { Stack } from '../../../../core/api/index.ts'

/** The two compose files of a stack, in the order the editor shows them. */
export const COMPOSE_KINDS = ['docker', 'rancher'] as const
export type ComposeKind = (typeof COMPOSE_KINDS)[number]

/** One file of the editor: what it is called, where its Monaco models live, and the text the stack stores. */
export interface EditorFile {
  kind: ComposeKind
  /** The file name sent to the validator and shown to the operator, e.g. `docker-compose.yml.tpl`. */
  name: string
  /** The text stored on the stack: what the environment runs now. */
  stored: string
}

/**
 * The stack's compose files as the editor names them. The stack keeps only the texts; a docker
 * compose that uses Go-template syntax is a `.tpl` file (as in the catalog, and as the validator
 * renders it), anything else a plain `.yml`.
 */
export function editorFilesOf(stack: Pick<Stack, 'dockerCompose' | 'rancherCompose'>): EditorFile[] {
  return [
    {
      kind: 'docker',
      name: stack.dockerCompose.includes('{{') ? 'docker-compose.yml.tpl' : 'docker-compose.yml',
      stored: stack.dockerCompose,
    },
    { kind: 'rancher', name: 'rancher-compose.yml', stored: stack.rancherCompose },
  ]
}

/** Which compose file a name is (`docker-compose.yaml.tpl` → docker), or null for anything else. */
export function composeKindOf(name: string): ComposeKind | null {
  const base = name.split('/').pop() ?? name
  if (/^docker-compose\.ya?ml(\.tpl)?$/.test(base)) return 'docker'
  if (/^rancher-compose\.ya?ml(\.tpl)?$/.test(base)) return 'rancher'
  return null
}

/** What a Monaco model of the editor page holds. */
export type ModelRole = 'edit' | 'stored' | 'rendered'

/**
 * The Monaco model path of a file. Every path ends with the file's own name, so monaco-yaml's
 * `**\/docker-compose.yml*` and `**\/rancher-compose.yml*` schema associations (hover and
 * completion) apply; the stack and the role keep paths of different editors apart.
 */
export function modelPath(envId: string, stackId: string, role: ModelRole, name: string): string {
  const e = encodeURIComponent
  return `file:///paddock/environments/${e(envId)}/stacks/${e(stackId)}/${role}/${name}`
}
