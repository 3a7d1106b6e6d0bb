import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseSignatureHeader, SIGNATURE_TOLERANCE_SECONDS, verifySignature } from '@/lib/incidents/http/signature';

// The sender's side, written independently of computeSignature so a shared mistake cannot pass.
const SECRET = 'imsig_test-secret';
const NOW = new Date('2026-11-23T12:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const BODY = Buffer.from('{"externalId":"1","displayName":"x","severity":"high"}', 'utf8');

const sign = (t: number, body: Uint8Array = BODY, secret = SECRET) =>
  createHmac('sha256', secret).update(Buffer.concat([Buffer.from(`${t}.`), body])).digest('hex');
const header = (t: number, ...v1: string[]) => [`t=${t}`, ...v1.map((v) => `v1=${v}`)].join(',');
const verify = (value: string | null, body: Uint8Array = BODY, secret = SECRET) =>
  verifySignature({ header: value, body, secret, now: new Date() });

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

describe('verifySignature', () => {
  it('accepts a valid signature and says until when it stays acceptable', () => {
    const v1 = sign(NOW_SECONDS);
    expect(verify(header(NOW_SECONDS, v1))).toEqual({
      ok: true,
      signature: v1,
      expiresAt: new Date((NOW_SECONDS + SIGNATURE_TOLERANCE_SECONDS + 1) * 1000),
    });
    // Upper-case hex and spaces after commas are a sender's formatting, not a different signature.
    expect(verify(`t=${NOW_SECONDS}, v1=${v1.toUpperCase()}`)).toMatchObject({ ok: true, signature: v1 });
  });

  it('refuses a signature made with another secret', () => {
    expect(verify(header(NOW_SECONDS, sign(NOW_SECONDS, BODY, 'imsig_other')))).toEqual({ ok: false });
    expect(verify(header(NOW_SECONDS, sign(NOW_SECONDS)), BODY, 'imsig_other')).toEqual({ ok: false });
  });

  it('refuses a tampered body, including one differing only in raw bytes that decode alike', () => {
    const v1 = sign(NOW_SECONDS);
    expect(verify(header(NOW_SECONDS, v1), Buffer.from(BODY.toString().replace('high', 'low')))).toEqual({ ok: false });
    expect(verify(header(NOW_SECONDS, v1), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), BODY]))).toEqual({ ok: false });
    expect(verify(header(NOW_SECONDS, v1), Buffer.concat([BODY, Buffer.from(' ')]))).toEqual({ ok: false });
  });

  it('refuses a timestamp tampered with after signing', () => {
    expect(verify(header(NOW_SECONDS + 1, sign(NOW_SECONDS)))).toEqual({ ok: false });
  });

  it('accepts up to five minutes either side of the clock, and nothing beyond', () => {
    for (const t of [NOW_SECONDS - SIGNATURE_TOLERANCE_SECONDS, NOW_SECONDS + SIGNATURE_TOLERANCE_SECONDS]) {
      expect(verify(header(t, sign(t))).ok).toBe(true);
    }
    for (const t of [NOW_SECONDS - SIGNATURE_TOLERANCE_SECONDS - 1, NOW_SECONDS + SIGNATURE_TOLERANCE_SECONDS + 1]) {
      expect(verify(header(t, sign(t)))).toEqual({ ok: false });
    }
    // The same signed request, accepted now, is refused once the clock has moved past the window.
    const signed = header(NOW_SECONDS, sign(NOW_SECONDS));
    vi.advanceTimersByTime((SIGNATURE_TOLERANCE_SECONDS + 1) * 1000);
    expect(verify(signed)).toEqual({ ok: false });
  });

  it('refuses malformed headers', () => {
    const v1 = sign(NOW_SECONDS);
    const malformed = [
      null,
      '',
      v1,
      `t=${NOW_SECONDS}`,
      `v1=${v1}`,
      `t=,v1=${v1}`,
      `t=${NOW_SECONDS}x,v1=${v1}`,
      `t=-${NOW_SECONDS},v1=${v1}`,
      `t=${NOW_SECONDS}.5,v1=${v1}`,
      `t=${NOW_SECONDS},t=${NOW_SECONDS},v1=${v1}`,
      `t=${NOW_SECONDS},v1=`,
      `t=${NOW_SECONDS},v1=${v1.slice(0, 62)}`,
      `t=${NOW_SECONDS},v1=${v1}00`,
      `t=${NOW_SECONDS},v1=${v1.slice(0, 63)}g`,
      `t=${NOW_SECONDS},v1=${Buffer.from(v1, 'hex').toString('base64')}`,
      `t=${NOW_SECONDS};v1=${v1}`,
      `t=${NOW_SECONDS},,v1=${v1}`,
      `t=${NOW_SECONDS},v1=${v1},${'v0=x,'.repeat(300)}`,
    ];
    for (const value of malformed) {
      expect(parseSignatureHeader(value), String(value)).toBeNull();
      expect(verify(value), String(value)).toEqual({ ok: false });
    }
  });

  it('accepts several v1 values when one matches (secret rotation), refuses when none does', () => {
    const good = sign(NOW_SECONDS);
    const wrong = sign(NOW_SECONDS, BODY, 'imsig_old');
    expect(verify(header(NOW_SECONDS, wrong, good))).toMatchObject({ ok: true, signature: good });
    expect(verify(header(NOW_SECONDS, good, wrong))).toMatchObject({ ok: true, signature: good });
    expect(verify(header(NOW_SECONDS, wrong, sign(NOW_SECONDS, BODY, 'imsig_older')))).toEqual({ ok: false });
    // Schemes we do not know are ignored, not an error.
    expect(verify(`t=${NOW_SECONDS},v0=abc,v1=${good}`).ok).toBe(true);
  });
});
