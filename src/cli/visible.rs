//! Everything the command line prints passes through here: control characters that came from
//! a flow, a response or a server (a name holding OSC 52 would write the user's clipboard,
//! OSC 0 retitle the window, `CSI 2J` clear the screen) are written as visible symbols, line
//! breaks and tabs aside. sfdb's own output has no other control character, and JSON escapes
//! its own.

use std::io::{self, Write};

pub struct Visible<W: Write> {
    inner: W,
    /// The first byte of a two-byte character when a write ended between its bytes: C1
    /// controls are `C2 80` to `C2 9F` in UTF-8.
    pending: Option<u8>,
    /// The first write that failed: commands write line by line and go on, and the process
    /// says so at the end (a full disk is an error, a closed pipe is not).
    failed: Option<io::Error>,
}

impl<W: Write> Visible<W> {
    pub fn new(inner: W) -> Visible<W> {
        Visible {
            inner,
            pending: None,
            failed: None,
        }
    }

    /// Flushes, and gives the first write that failed, if one did.
    pub fn finish(&mut self) -> Option<io::Error> {
        let _ = self.flush();
        self.failed.take()
    }

    fn keep<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result {
            if self.failed.is_none() {
                self.failed = Some(io::Error::new(e.kind(), e.to_string()));
            }
        }
        result
    }
}

/// What a byte is written as, when not as itself: line breaks and tabs stay.
fn shown(byte: u8) -> Option<String> {
    match byte {
        b'\n' | b'\t' => None,
        0x00..=0x7f => crate::mask::symbol(char::from(byte)).map(String::from),
        _ => None,
    }
}

impl<W: Write> Write for Visible<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len());
        let mut bytes = buf.iter().copied().peekable();
        if let Some(first) = self.pending.take() {
            match bytes.peek() {
                Some(&b @ 0x80..=0x9f) => {
                    bytes.next();
                    out.extend(format!("\\u{{{b:x}}}").bytes());
                }
                _ => out.push(first),
            }
        }
        while let Some(b) = bytes.next() {
            if b == 0xc2 {
                match bytes.peek() {
                    Some(&c @ 0x80..=0x9f) => {
                        bytes.next();
                        out.extend(format!("\\u{{{c:x}}}").bytes());
                    }
                    None => self.pending = Some(b),
                    Some(_) => out.push(b),
                }
                continue;
            }
            match shown(b) {
                Some(symbol) => out.extend(symbol.bytes()),
                None => out.push(b),
            }
        }
        let written = self.inner.write_all(&out);
        self.keep(written)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(b) = self.pending.take() {
            let written = self.inner.write_all(&[b]);
            self.keep(written)?;
        }
        let flushed = self.inner.flush();
        self.keep(flushed)
    }
}

impl<W: Write> Drop for Visible<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(parts: &[&[u8]]) -> String {
        let mut out = Vec::new();
        {
            let mut v = Visible::new(&mut out);
            for p in parts {
                v.write_all(p).unwrap();
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_become_visible_and_text_stays() {
        assert_eq!(
            through(&[b"name \x1b]52;c;aGk=\x07 end\n"]),
            "name ␛]52;c;aGk=␇ end\n"
        );
        assert_eq!(through(&["café\t✓\n".as_bytes()]), "café\t✓\n");
        // A C1 control split across two writes is still caught.
        assert_eq!(through(&[b"a\xc2", b"\x9b2J"]), "a\\u{9b}2J");
        assert_eq!(through(&["é".as_bytes()]), "é");
    }
}
