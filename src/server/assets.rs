//! The web page, compiled into the binary so that the server needs no files beside it and
//! fetches nothing from the network. A path is looked up in this table by its exact name, so
//! no path (`/assets/../../etc/passwd`, `%2e%2e`) can reach the file system.

use super::{Answer, Refusal, text};
use oxhttp::model::StatusCode;

/// Each asset: its path, its media type, its bytes.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "/",
        "text/html; charset=utf-8",
        include_bytes!("../../assets/web/index.html"),
    ),
    (
        "/assets/app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/web/app.js"),
    ),
    (
        "/assets/app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/web/app.css"),
    ),
    (
        "/assets/sahel.json",
        "application/json",
        include_bytes!("../../assets/web/sahel.json"),
    ),
];

/// The asset at `path`, or 404.
pub(super) fn asset(path: &str) -> Answer {
    let path = if path == "/index.html" { "/" } else { path };
    ASSETS
        .iter()
        .find(|(name, _, _)| *name == path)
        .map(|(_, media_type, bytes)| text(StatusCode::OK, media_type, *bytes))
        .ok_or_else(|| {
            Refusal::new(
                StatusCode::NOT_FOUND,
                format!("nothing is served at {path}; the page is at /"),
            )
        })
}
