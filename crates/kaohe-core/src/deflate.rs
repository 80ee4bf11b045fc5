//! A small raw-deflate encoder (RFC 1951) for share links: one block with the fixed Huffman codes
//! and greedy LZ77 matches over a 32 KB window. Any inflater reads it (links are read with
//! miniz_oxide's). It compresses JSON some 15 % less tightly than a full encoder but weighs a
//! few KB in the browser app instead of some 7 KB gzipped (issue 14 kept the first load in budget).

/// Bits written least significant first, as deflate packs them.
struct Bits {
    out: Vec<u8>,
    acc: u32,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, len: u32) {
        self.acc |= value << self.n;
        self.n += len;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code: its bits go most significant first.
    fn code(&mut self, code: u32, len: u32) {
        self.put(code.reverse_bits() >> (32 - len), len);
    }

    /// A literal/length symbol with the fixed code (RFC 1951 §3.2.6).
    fn symbol(&mut self, sym: u32) {
        match sym {
            0..=143 => self.code(0x30 + sym, 8),
            144..=255 => self.code(0x190 + sym - 144, 9),
            256..=279 => self.code(sym - 256, 7),
            _ => self.code(0xC0 + sym - 280, 8),
        }
    }
}

/// (first length, extra bits) of the length codes 257..=285.
const LENGTHS: [(u32, u32); 29] = [
    (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (8, 0), (9, 0), (10, 0), (11, 1), (13, 1), (15, 1), (17, 1),
    (19, 2), (23, 2), (27, 2), (31, 2), (35, 3), (43, 3), (51, 3), (59, 3), (67, 4), (83, 4), (99, 4),
    (115, 4), (131, 5), (163, 5), (195, 5), (227, 5), (258, 0),
];

/// (first distance, extra bits) of the distance codes 0..=29.
const DISTANCES: [(u32, u32); 30] = [
    (1, 0), (2, 0), (3, 0), (4, 0), (5, 1), (7, 1), (9, 2), (13, 2), (17, 3), (25, 3), (33, 4), (49, 4),
    (65, 5), (97, 5), (129, 6), (193, 6), (257, 7), (385, 7), (513, 8), (769, 8), (1025, 9), (1537, 9),
    (2049, 10), (3073, 10), (4097, 11), (6145, 11), (8193, 12), (12289, 12), (16385, 13), (24577, 13),
];

const WINDOW: usize = 32 * 1024;
const MAX_MATCH: usize = 258;
const HASH_BITS: u32 = 15;
/// Earlier positions tried per match (more: smaller output, slower).
const CHAIN: usize = 32;

/// `data` as raw deflate.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut bits = Bits { out: Vec::with_capacity(data.len() / 3 + 16), acc: 0, n: 0 };
    bits.put(1, 1); // the last block
    bits.put(1, 2); // fixed Huffman codes
    let hash = |i: usize| {
        let v = u32::from(data[i]) | u32::from(data[i + 1]) << 8 | u32::from(data[i + 2]) << 16;
        (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
    };
    let mut head = vec![usize::MAX; 1 << HASH_BITS];
    let mut prev = vec![usize::MAX; data.len()];
    let insert = |head: &mut Vec<usize>, prev: &mut Vec<usize>, i: usize| {
        if i + 2 < data.len() {
            let h = hash(i);
            prev[i] = head[h];
            head[h] = i;
        }
    };
    let mut i = 0;
    while i < data.len() {
        let (mut best_len, mut best_dist) = (0, 0);
        if i + 2 < data.len() {
            let mut cand = head[hash(i)];
            let limit = (data.len() - i).min(MAX_MATCH);
            for _ in 0..CHAIN {
                if cand == usize::MAX || i - cand > WINDOW {
                    break;
                }
                let len = data[cand..].iter().zip(&data[i..i + limit]).take_while(|(a, b)| a == b).count();
                if len > best_len {
                    (best_len, best_dist) = (len, i - cand);
                    if len == limit {
                        break;
                    }
                }
                cand = prev[cand];
            }
        }
        if best_len >= 3 {
            let (len, dist) = (best_len as u32, best_dist as u32);
            let l = LENGTHS.iter().rposition(|&(base, _)| base <= len).unwrap_or(0);
            bits.symbol(257 + l as u32);
            bits.put(len - LENGTHS[l].0, LENGTHS[l].1);
            let d = DISTANCES.iter().rposition(|&(base, _)| base <= dist).unwrap_or(0);
            bits.code(d as u32, 5);
            bits.put(dist - DISTANCES[d].0, DISTANCES[d].1);
            for k in i..i + best_len {
                insert(&mut head, &mut prev, k);
            }
            i += best_len;
        } else {
            bits.symbol(u32::from(data[i]));
            insert(&mut head, &mut prev, i);
            i += 1;
        }
    }
    bits.symbol(256);
    if bits.n > 0 {
        bits.out.push(bits.acc as u8);
    }
    bits.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn inflate(packed: &[u8]) -> Vec<u8> {
        miniz_oxide::inflate::decompress_to_vec(packed).expect("valid deflate")
    }

    #[test]
    fn round_trips_and_compresses_json() {
        assert_eq!(inflate(&deflate(b"")), b"");
        assert_eq!(inflate(&deflate(b"a")), b"a");
        assert_eq!(inflate(&deflate(b"abcabcabcabcabc")), b"abcabcabcabcabc");
        // 258-byte runs, distances of 1 and across the whole window, every byte value.
        let long: Vec<u8> = (0..200_000u32).map(|i| if i % 40_000 < 20_000 { b' ' } else { (i * 7 % 251) as u8 }).collect();
        assert_eq!(inflate(&deflate(&long)), long);
        let json = crate::parse::write_document(&crate::presets::DEMO.document().unwrap());
        let packed = deflate(json.as_bytes());
        assert_eq!(inflate(&packed), json.as_bytes());
        // The demo document (about 31 KB of pretty JSON) to under a fifth of its size.
        assert!(packed.len() * 5 < json.len(), "{} of {}", packed.len(), json.len());
    }

    proptest! {
        #[test]
        fn any_bytes_round_trip(data in prop::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), any::<u8>()], 0..3_000)) {
            prop_assert_eq!(inflate(&deflate(&data)), data);
        }
    }
}
