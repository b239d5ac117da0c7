//! A small multipart/form-data reader for checking what the client sends.

/// One part of a form.
#[derive(Debug, Clone)]
pub struct FormPart {
    /// Field name.
    pub name: String,
    /// File name, for file parts.
    pub filename: Option<String>,
    /// The part's content type, if it has one.
    pub content_type: Option<String>,
    /// Content.
    pub data: Vec<u8>,
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// The parts of a multipart body. Panics with a message when the body is malformed.
pub fn parse(boundary: &str, body: &[u8]) -> Vec<FormPart> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut at = find(body, &delimiter, 0).expect("the body starts with the boundary");
    loop {
        let after = at + delimiter.len();
        if body[after..].starts_with(b"--") {
            break;
        }
        assert!(body[after..].starts_with(b"\r\n"), "CRLF after a boundary");
        let start = after + 2;
        let next = find(body, &delimiter, start).expect("every part is closed");
        let part = &body[start..next - 2];
        let split = find(part, b"\r\n\r\n", 0).expect("part headers end with a blank line");
        let head = std::str::from_utf8(&part[..split]).expect("ASCII part headers");
        let mut form_part = FormPart {
            name: String::new(),
            filename: None,
            content_type: None,
            data: part[split + 4..].to_vec(),
        };
        for line in head.split("\r\n") {
            let (name, value) = line.split_once(':').expect("a header line");
            match name.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    for param in value.split(';').map(str::trim) {
                        if let Some(v) = param.strip_prefix("name=") {
                            form_part.name = v.trim_matches('"').to_owned();
                        } else if let Some(v) = param.strip_prefix("filename=") {
                            form_part.filename = Some(v.trim_matches('"').to_owned());
                        }
                    }
                }
                "content-type" => form_part.content_type = Some(value.trim().to_owned()),
                _ => {}
            }
        }
        parts.push(form_part);
        at = next;
    }
    parts
}
