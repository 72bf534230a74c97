import { useState } from 'react'
import { useParams } from 'wouter'
import { Dialog } from '../../../components/ui/dialog.tsx'
import { useCachedMe } from '../../auth/api/auth-api.ts'
import { atLeast, roleOf } from '../../auth/utils/roles.ts'
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
  const me = useCachedMe()
  if (!envId) return null
  // read-only members cannot launch (the server answers 403): no button for them
  if (me && !atLeast(roleOf(me, envId), 'restricted')) return null
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
