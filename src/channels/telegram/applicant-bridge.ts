/**
 * Fits the applicant service (src/services/applicant-service.ts) to the channel's ApplicantPort.
 * The service commits, then hands the reply to a `deliver` callback and marks its reply row sent
 * when that resolves; the channel wants the reply first so it can choose how to show it (edit in
 * place, new messages). So `deliver` here returns a promise that the channel settles once it has
 * sent (or failed to send) the reply: on failure the row stays and, after the grace period, the
 * notify worker shows the chat where it stands instead (the current question again).
 */
import type { EngineInput, Outgoing } from '../../conversation/types.ts';
import type { Lang } from '../../i18n/index.ts';
import type { ApplicantPort, ChannelReply, ChatRef, HandleInputOptions } from './ports.ts';

/** The part of the applicant service this bridge uses (structural, so either side can evolve). */
export interface ApplicantServiceLike {
  handleInput(
    chat: { channel: 'telegram'; chatId: string; lang?: Lang },
    input: EngineInput,
    options?: {
      updateId?: string;
      deliver?: (messages: Outgoing[], lang?: Lang, kept?: boolean) => Promise<void>;
    },
  ): Promise<Outgoing[]>;
}

export interface BridgeOptions {
  /**
   * The conversation's language after the step (the service stores it on the applicant). Used
   * when the service does not pass it to `deliver`; default: the Telegram hint.
   */
  langOf?: (chat: ChatRef, hint: Lang | undefined) => Promise<Lang>;
}

export function applicantPortFromService(
  service: ApplicantServiceLike,
  options: BridgeOptions = {},
): ApplicantPort {
  const langOf = options.langOf ?? (async (_chat: ChatRef, hint: Lang | undefined) => hint ?? 'zh');
  return {
    handleInput(chat: ChatRef, input: EngineInput, opts: HandleInputOptions = {}): Promise<ChannelReply> {
      return new Promise<ChannelReply>((resolveReply, rejectReply) => {
        let handedOver = false;
        const done = service.handleInput(
          { channel: 'telegram', chatId: chat.chatId, ...(opts.lang ? { lang: opts.lang } : {}) },
          input,
          {
            ...(opts.updateId ? { updateId: opts.updateId } : {}),
            deliver: (messages, lang, kept) =>
              new Promise<void>((resolveDelivery, rejectDelivery) => {
                handedOver = true;
                const hand = async () => {
                  resolveReply({
                    lang: lang ?? (await langOf(chat, opts.lang)),
                    messages,
                    kept: kept === true,
                    settle: async (error?: unknown) => {
                      if (error === undefined) resolveDelivery();
                      else rejectDelivery(error);
                      // Wait for the service to record the outcome; a failed send is its to retry.
                      await done.catch(() => undefined);
                    },
                  });
                };
                hand().catch((error: unknown) => {
                  rejectDelivery(error);
                  rejectReply(error);
                });
              }),
          },
        );
        done.then(
          async (messages) => {
            // No delivery asked for: a redelivered update ([]), or nothing to say.
            if (!handedOver) resolveReply({ lang: await langOf(chat, opts.lang), messages });
          },
          (error: unknown) => {
            if (!handedOver) rejectReply(error);
          },
        );
      });
    },
  };
}
