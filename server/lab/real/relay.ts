/**
 * A unix-socket relay to the server's TCP port. Agents run inside the lab's host namespaces,
 * which have no route to the root namespace's loopback (and must not get one); a unix socket
 * is reachable from any network namespace, so they speak HTTP through it.
 */
import net from 'node:net'
import { rmSync } from 'node:fs'

export async function startRelay(socketPath: string, target: { host: string; port: number }): Promise<net.Server> {
  rmSync(socketPath, { force: true })
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host)
    client.pipe(upstream).pipe(client)
    const end = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('error', end)
    upstream.on('error', end)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(socketPath, () => resolve())
  })
  return server
}
