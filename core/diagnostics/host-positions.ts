/**
 * A host's position (in name order) from its id, for reading one host's peer list: the pair
 * checks and the matrix look up ~4 million ids at 1,000 hosts. Agents list their peers in a
 * steady order (often each peer twice, outbound then inbound), so the position the previous
 * lookup found, and the one after it, are tried by comparing ids before the id is hashed.
 * When an id is given to two hosts the map's answer (the last of them) is always used.
 */
export class HostPositions {
  private guess = 0
  private readonly unique: boolean

  constructor(
    private readonly ids: readonly string[],
    private readonly index: ReadonlyMap<string, number>,
  ) {
    this.unique = index.size === ids.length
  }

  /** Starts on another host's list, whose first peer is most likely the first host. */
  restart(): void {
    this.guess = 0
  }

  /** The position of the host with this id; −1 when there is none. */
  of(id: string): number {
    const g = this.guess
    const ids = this.ids
    let j: number
    if (this.unique && g < ids.length && ids[g] === id) j = g
    else if (this.unique && g + 1 < ids.length && ids[g + 1] === id) j = g + 1
    else {
      const found = this.index.get(id)
      if (found === undefined) return -1
      j = found
    }
    this.guess = j
    return j
  }
}
