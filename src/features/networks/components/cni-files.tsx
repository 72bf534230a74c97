import type { CniFile } from '../../../../core/api/index.ts'
import { FileView } from '../../../components/ui/file-view.tsx'

/** The CNI config files each host receives, or why there are none. */
export function CniFiles({ files }: { files: CniFile[] }) {
  if (files.length === 0) return <p className="muted">The driver renders no CNI config file.</p>
  return (
    <>
      {files.map((file) => (
        <FileView key={file.name} name={file.name} content={file.content} />
      ))}
    </>
  )
}
