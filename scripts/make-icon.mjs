// Draws the extension's icon, images/icon.png (128×128): a teal shield with a white keyhole
// on a dark rounded square. Pure Node (zlib for the PNG), 4×4 supersampled edges.
// Usage: node scripts/make-icon.mjs [out.png]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Buffer } from 'node:buffer';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;
const BACKGROUND = [0x14, 0x20, 0x2b];
const SHIELD = [0x2a, 0xa1, 0x98];
const RIM = [0x7f, 0xd8, 0xce];
const KEYHOLE = [0xff, 0xff, 0xff];

const insideRoundedSquare = (x, y) => {
  const r = 26;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};

/** A heraldic shield: straight sides to mid-height, then an elliptic curve to the point. */
const insideShield = (x, y, inset = 0) => {
  const top = 20 + inset;
  const shoulder = 62;
  const point = 112 - inset * 1.4;
  const half = 40 - inset;
  if (y < top || y > point) {
    return false;
  }
  const width = y <= shoulder ? half : half * Math.sqrt(Math.max(0, 1 - ((y - shoulder) / (point - shoulder)) ** 2));
  // A gentle dip in the top edge.
  const dip = 4 * Math.cos(((x - 64) / half) * (Math.PI / 2)) ** 2;
  return Math.abs(x - 64) <= width && y >= top + dip * (x > 64 - half && x < 64 + half ? 1 : 0);
};

const insideKeyhole = (x, y) => {
  const circle = (x - 64) ** 2 + (y - 56) ** 2 <= 12 ** 2;
  const t = (y - 60) / (92 - 60);
  const stem = t >= 0 && t <= 1 && Math.abs(x - 64) <= 5 + 4 * t;
  return circle || stem;
};

function colourAt(x, y) {
  if (insideKeyhole(x, y)) {
    return KEYHOLE;
  }
  if (insideShield(x, y, 5)) {
    return SHIELD;
  }
  if (insideShield(x, y)) {
    return RIM;
  }
  return BACKGROUND;
}

const rows = [];
for (let py = 0; py < SIZE; py++) {
  const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
  for (let px = 0; px < SIZE; px++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const x = px + (sx + 0.5) / SAMPLES;
        const y = py + (sy + 0.5) / SAMPLES;
        if (!insideRoundedSquare(x, y)) {
          continue;
        }
        const c = colourAt(x, y);
        sum[0] += c[0];
        sum[1] += c[1];
        sum[2] += c[2];
        sum[3] += 255;
      }
    }
    const n = SAMPLES * SAMPLES;
    const alpha = sum[3] / n;
    for (let i = 0; i < 3; i++) {
      // Colour averaged over the covered samples only; coverage goes into alpha.
      row[1 + px * 4 + i] = alpha > 0 ? Math.round(sum[i] / (sum[3] / 255)) : 0;
    }
    row[1 + px * 4 + 3] = Math.round(alpha);
  }
  rows.push(row);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) {
    c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return c >>> 0;
});
const crc32 = (buffer) => {
  let c = 0xffffffff;
  for (const byte of buffer) {
    c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = process.argv[2] ?? 'images/icon.png';
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`${out}: ${SIZE}×${SIZE}, ${png.length} bytes`);
