//! What every outbound HTTP client shares, whichever service it talks to
//! (TriNet, a SCIM target): when plain http is allowed, and when and how
//! long to retry.

mod cancel;
pub mod retry;

pub use cancel::CancelToken;

use std::net::IpAddr;

use reqwest::Url;

/// Whether `url`'s host is this computer: `localhost`, 127.0.0.0/8 or ::1.
pub fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// `text` without control characters (ESC, BEL, CSI, line breaks, ...), for
/// anything a server sent that may be printed to a terminal: an escape
/// sequence in an error body must not clear the admin's screen or retitle
/// the window.
pub fn printable(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

/// The innermost cause of a transport error (e.g. "Connection refused"),
/// without the URL.
pub fn describe_transport(e: &dyn std::error::Error) -> String {
    let mut source = e;
    while let Some(next) = source.source() {
        source = next;
    }
    let text = printable(&source.to_string());
    if text.is_empty() {
        "connection failed".to_string()
    } else {
        text
    }
}

/// A response header as text, when it is present and readable.
pub fn header_text(
    headers: &reqwest::header::HeaderMap,
    name: reqwest::header::HeaderName,
) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}
