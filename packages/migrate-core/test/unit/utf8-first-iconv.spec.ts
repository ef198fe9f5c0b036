import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The stand-in for iconv-lite that the CLI bundle gives mysql2 (scripts/utf8-first-iconv.cjs), on the real
// iconv-lite that mysql2 depends on. It changes that module's state: this file is its only user in the process.
const fromMysql2 = createRequire(createRequire(import.meta.url).resolve('mysql2'));
const iconv = createRequire(import.meta.url)('../../scripts/utf8-first-iconv.cjs') as {
  decode(bytes: Buffer, encoding: string): string;
  encodings: Record<string, unknown> | null;
};

describe('iconv-lite inside the CLI bundle', () => {
  it('is the instance mysql2 uses', () => {
    expect(iconv).toBe(fromMysql2('iconv-lite'));
  });

  it('decodes CESU-8 (every handshake) without loading the table of every encoding', () => {
    expect(iconv.decode(Buffer.from('10.11.19-MariaDB-\u00e9', 'utf8'), 'cesu8')).toBe('10.11.19-MariaDB-\u00e9');
    expect(Object.keys(iconv.encodings ?? {})).toContain('cesu8');
    expect(Object.keys(iconv.encodings ?? {})).not.toContain('latin2');
  });

  it('loads every encoding the first time another one is asked for, then decodes it', () => {
    expect(iconv.decode(Buffer.from([0xb1, 0x61]), 'latin2')).toBe('\u0105a');
    expect(Object.keys(iconv.encodings ?? {}).length).toBeGreaterThan(100);
    expect(iconv.decode(Buffer.from([0x8a]), 'cp1250')).toBe('\u0160');
  });

  it('still refuses an encoding that does not exist', () => {
    expect(() => iconv.decode(Buffer.from('a'), 'no-such-encoding')).toThrow(/Encoding not recognized/);
  });
});
