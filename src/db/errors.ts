/** Someone else changed the row since it was read: re-read and decide again. */
export class VersionConflict extends Error {
  override readonly name = 'VersionConflict';
  constructor(
    readonly entity: 'filing' | 'conversation',
    readonly id: string,
    readonly expectedVersion: number,
  ) {
    super(`${entity} ${id} is no longer at version ${expectedVersion}`);
  }
}
