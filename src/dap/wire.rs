//! The Debug Adapter Protocol's framing: each message is a `Content-Length` header, a blank
//! line and that many bytes of JSON. Written by hand (a dozen lines) rather than taken from a
//! crate: the DAP crates on crates.io bring their own server loop and types for every request,
//! where sfdb needs only the frames, and serde_json for the rest.

use std::io::{self, BufRead, Write};

use serde_json::Value;

/// The largest message read: far past any request a client sends (a `setBreakpoints` for a
/// whole file is kilobytes), so a broken length cannot make the adapter allocate gigabytes.
const LARGEST: usize = 16 * 1024 * 1024;

/// Reads one message; `None` at the end of the stream.
pub fn read(reader: &mut impl BufRead) -> io::Result<Option<Value>> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end();
        if line.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let length = length.unwrap_or(0);
    if length > LARGEST {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a message of {length} bytes, more than the {LARGEST} read"),
        ));
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    serde_json::from_slice(&body)
        .map(Some)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("not JSON: {e}")))
}

/// Writes one message.
pub fn write(writer: &mut impl Write, message: &Value) -> io::Result<()> {
    let body = message.to_string();
    write!(writer, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_goes_through_its_frame_and_back() {
        let mut out = Vec::new();
        let message =
            serde_json::json!({"seq": 1, "type": "request", "command": "threads", "é": "ü"});
        write(&mut out, &message).unwrap();
        write(&mut out, &message).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        // The length counts bytes, not characters.
        assert!(text.starts_with(&format!(
            "Content-Length: {}\r\n\r\n",
            message.to_string().len()
        )));
        let mut reader = io::BufReader::new(&out[..]);
        assert_eq!(read(&mut reader).unwrap(), Some(message.clone()));
        assert_eq!(read(&mut reader).unwrap(), Some(message));
        assert_eq!(read(&mut reader).unwrap(), None);
    }

    #[test]
    fn a_body_that_is_not_json_or_too_long_is_an_error_not_a_panic() {
        let mut reader = io::BufReader::new(&b"Content-Length: 3\r\n\r\n{x}"[..]);
        assert!(read(&mut reader).is_err());
        let mut reader = io::BufReader::new(&b"Content-Length: 99999999999\r\n\r\n{}"[..]);
        assert!(read(&mut reader).is_err());
    }
}
