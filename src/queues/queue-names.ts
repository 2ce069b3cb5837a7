/**
 * The short form of a database's instance id that queue names and job ids carry (12 hex digits):
 * two databases sharing one Redis and QUEUE_PREFIX (or two deployments with the default prefix)
 * never see each other's queues.
 */
export function shortDatabaseId(databaseId: string): string {
  return databaseId.replaceAll('-', '').slice(0, 12);
}
