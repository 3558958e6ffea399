//! JSON-RPC framing as on stdio: a `Content-Length` header, an empty line,
//! the body. Blocking (`std::io`) and async (`tokio`) versions of one
//! format.

use std::io::{self, BufRead, Write};

use serde_json::Value;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The frame of one message body, as bytes on the wire.
pub fn encode(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

/// Writes `msg` as one frame and flushes.
pub fn write(w: &mut impl Write, msg: &Value) -> io::Result<()> {
    w.write_all(encode(&msg.to_string()).as_bytes())?;
    w.flush()
}

/// Reads one frame's body; `None` at the end of the stream.
pub fn read(r: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut header = Header::default();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        if header.line(&line) {
            break;
        }
    }
    let mut body = vec![0; header.length()?];
    r.read_exact(&mut body)?;
    Ok(Some(body))
}

/// [`write`] for async writers.
pub async fn write_async(w: &mut (impl AsyncWrite + Unpin), msg: &Value) -> io::Result<()> {
    w.write_all(encode(&msg.to_string()).as_bytes()).await?;
    w.flush().await
}

/// [`read`] for async readers.
pub async fn read_async(r: &mut (impl AsyncBufRead + Unpin)) -> io::Result<Option<Vec<u8>>> {
    let mut header = Header::default();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        if header.line(&line) {
            break;
        }
    }
    let mut body = vec![0; header.length()?];
    r.read_exact(&mut body).await?;
    Ok(Some(body))
}

/// The header lines of one frame, read so far.
#[derive(Default)]
struct Header {
    length: Option<usize>,
}

impl Header {
    /// Takes one header line; true at the empty line that ends the header.
    fn line(&mut self, line: &str) -> bool {
        let line = line.trim_end();
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            self.length = value.trim().parse().ok();
        }
        line.is_empty()
    }

    fn length(&self) -> io::Result<usize> {
        self.length
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "no Content-Length"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_it_writes() {
        let msg = serde_json::json!({"jsonrpc": "2.0", "method": "x", "params": "é🦀"});
        let mut wire = Vec::new();
        write(&mut wire, &msg).unwrap();
        write(&mut wire, &msg).unwrap();
        let mut r = io::Cursor::new(wire);
        for _ in 0..2 {
            let body = read(&mut r).unwrap().unwrap();
            assert_eq!(serde_json::from_slice::<Value>(&body).unwrap(), msg);
        }
        assert!(read(&mut r).unwrap().is_none());
    }

    #[test]
    fn header_names_are_case_insensitive_and_a_missing_length_is_an_error() {
        let mut r = io::Cursor::new(b"content-length: 2\r\nX-Other: 1\r\n\r\n{}".to_vec());
        assert_eq!(read(&mut r).unwrap().unwrap(), b"{}");
        let mut r = io::Cursor::new(b"X-Other: 1\r\n\r\n{}".to_vec());
        assert!(read(&mut r).is_err());
    }
}
