/**
 * The console's hook for scripted driving (end-to-end tests, demos): with `ICP_CONSOLE_TRACE=1`
 * the console writes one machine-readable line to STDERR per engine message it shows, and one when
 * it is ready for the next typed line, so a script knows which field is asked without parsing the
 * human text on stdout (which stays the chat). Lines:
 *
 *   trace question {"fieldId":"sponsor.city","path":"sponsor.city","token":"t12","kind":"division",
 *                   "options":["310100"],"page":{"index":0,"count":1},"multi":false,"skippable":false}
 *   trace documents {"required":[{"kind":"sponsor_principal_id_front","uploaded":false}]}
 *   trace error {"paths":["sponsor.documentNumber"]}
 *   trace <type> {}                  (info, summary, submitted, notice, ...)
 *   trace ready <n> <bytes>          (typed line n handled and the prompt shown, 0 after the first
 *                                     reply; <bytes> = all stdout written so far, so the script
 *                                     knows when it has read the whole reply from the other pipe)
 *
 * Only field ids, option values and document kinds appear: never an answer's value.
 */
import type { Outgoing } from '../../conversation/types.ts';

export type ConsoleTrace = (line: string) => void;

/** `ICP_CONSOLE_TRACE=1` → a writer of trace lines on `stream`; otherwise undefined. */
export function consoleTraceFromEnv(
  env: NodeJS.ProcessEnv,
  stream: NodeJS.WritableStream,
): ConsoleTrace | undefined {
  return env.ICP_CONSOLE_TRACE === '1' ? (line) => void stream.write(`trace ${line}\n`) : undefined;
}

export function traceLines(messages: readonly Outgoing[]): string[] {
  return messages.map((message) => `${message.type} ${JSON.stringify(traceData(message))}`);
}

function traceData(message: Outgoing): Record<string, unknown> {
  switch (message.type) {
    case 'question':
      return {
        fieldId: message.fieldId,
        path: message.path,
        token: message.token,
        kind: message.kind,
        options: (message.options ?? []).map((o) => o.value),
        ...(message.page ? { page: message.page } : {}),
        multi: message.multi === true,
        // Options ticked in advance (a suggestion), so a scripted run knows what not to untick.
        ticked: (message.options ?? []).filter((o) => o.selected).map((o) => o.value),
        skippable: message.skippable,
      };
    case 'documents':
      return {
        required: message.required.map((d) => ({
          kind: d.kind,
          ...(d.websiteIndex === undefined ? {} : { websiteIndex: d.websiteIndex }),
          ...(d.preApprovalType === undefined ? {} : { preApprovalType: d.preApprovalType }),
          uploaded: d.uploaded,
        })),
      };
    case 'error':
      return { paths: message.problems.map((p) => p.path ?? '') };
    default:
      return {};
  }
}
