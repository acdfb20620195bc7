/** The part of pino the notify code uses; tests pass a recorder. Fields are codes and ids only. */
export interface NotifyLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export const silentLogger: NotifyLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
