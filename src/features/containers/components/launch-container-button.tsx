import { useState } from 'react'
import { useParams } from 'wouter'
import { Dialog } from '../../../components/ui/dialog.tsx'
import { LaunchContainerForm } from './launch-container-form.tsx'

type Props = {
  /** The environment to launch in; left out, the one in the route (`/environments/:envId/…`). */
  environmentId?: string
}

/** "Launch container": the launch form in a dialog; a launched container opens its own page. */
export function LaunchContainerButton({ environmentId }: Props) {
  const [open, setOpen] = useState(false)
  const routeEnvId = useParams<{ envId?: string }>().envId
  const envId = environmentId ?? routeEnvId
  if (!envId) return null
  const close = () => setOpen(false)
  return (
    <>
      <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
        Launch container
      </button>
      <Dialog open={open} title="Launch container" onClose={close} className="dialog-wide">
        <LaunchContainerForm environmentId={envId} onCancel={close} onLaunched={close} />
      </Dialog>
    </>
  )
}
