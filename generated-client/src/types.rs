//! Small value types shared by every product: timestamps with their unit, and files
//! to upload.
//!
//! Sendbird mixes seconds and milliseconds between endpoints; the two timestamp types
//! keep the unit in the type so the two can't be confused.

use std::fmt;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use serde::{Deserialize, Serialize};

macro_rules! unix_timestamp {
    ($(#[$doc:meta])* $name:ident, $unit:literal, $per_second:expr) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            #[doc = concat!("The current time, in ", $unit, ".")]
            pub fn now() -> Self {
                Self::from_system_time(SystemTime::now())
            }

            #[doc = concat!("Converts a `SystemTime`, rounding down to whole ", $unit, " (saturating).")]
            pub fn from_system_time(time: SystemTime) -> Self {
                let nanos = |d: Duration| i128::from(d.as_secs()) * 1_000_000_000 + i128::from(d.subsec_nanos());
                let signed = match time.duration_since(UNIX_EPOCH) {
                    Ok(after) => nanos(after),
                    Err(before) => -nanos(before.duration()),
                };
                // div_euclid rounds towards minus infinity, also before the epoch.
                let value = signed.div_euclid(1_000_000_000 / $per_second);
                Self(value.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
            }

            /// The instant as a `SystemTime`, or `None` when the platform can't represent it.
            pub fn to_system_time(self) -> Option<SystemTime> {
                let magnitude = self.0.unsigned_abs();
                let d = Duration::new(
                    magnitude / $per_second as u64,
                    ((magnitude % $per_second as u64) * (1_000_000_000 / $per_second as u64)) as u32,
                );
                if self.0 >= 0 {
                    UNIX_EPOCH.checked_add(d)
                } else {
                    UNIX_EPOCH.checked_sub(d)
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl From<i64> for $name {
            fn from(value: i64) -> Self {
                Self(value)
            }
        }
    };
}

unix_timestamp!(
    /// A Unix timestamp in whole seconds, as some Sendbird fields carry it.
    UnixSeconds, "seconds", 1_i128
);
unix_timestamp!(
    /// A Unix timestamp in milliseconds, as most Sendbird Chat fields carry it.
    UnixMillis, "milliseconds", 1_000_i128
);

impl From<UnixSeconds> for UnixMillis {
    fn from(value: UnixSeconds) -> Self {
        UnixMillis(value.0.saturating_mul(1000))
    }
}

/// Rounds down to the whole second (towards minus infinity).
impl From<UnixMillis> for UnixSeconds {
    fn from(value: UnixMillis) -> Self {
        UnixSeconds(value.0.div_euclid(1000))
    }
}

/// A length of time in whole seconds, as the fields marked `unit: seconds` in the spec
/// take it (the length of a ban or a mute, for example).
///
/// Setters of such fields accept a [`Duration`] (rounded down to the second, saturating)
/// or a plain number of seconds, which can also hold the special values some
/// endpoints give a meaning, such as `-1`:
///
/// ```
/// use sendbird_platform::Seconds;
/// use std::time::Duration;
///
/// assert_eq!(Seconds::from(Duration::from_millis(90_500)), Seconds(90));
/// assert_eq!(Seconds::from(-1), Seconds(-1));
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Seconds(pub i64);

impl From<Duration> for Seconds {
    fn from(value: Duration) -> Self {
        Seconds(i64::try_from(value.as_secs()).unwrap_or(i64::MAX))
    }
}

impl From<i64> for Seconds {
    fn from(value: i64) -> Self {
        Seconds(value)
    }
}

impl From<i32> for Seconds {
    fn from(value: i32) -> Self {
        Seconds(i64::from(value))
    }
}

impl Seconds {
    /// The value as the `i32` a field of that width sends, saturating.
    #[doc(hidden)]
    pub fn saturating_i32(self) -> i32 {
        i32::try_from(self.0).unwrap_or(if self.0 < 0 { i32::MIN } else { i32::MAX })
    }
}

/// A file sent as a part of a `multipart/form-data` request.
#[derive(Clone, PartialEq, Eq)]
pub struct UploadFile {
    /// The file name announced to the server.
    pub file_name: String,
    /// The MIME type; `application/octet-stream` is sent when it is `None`.
    pub content_type: Option<String>,
    /// The file's content.
    pub bytes: Bytes,
}

impl UploadFile {
    /// A file with the given name and content, and no explicit content type.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        UploadFile {
            file_name: file_name.into(),
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// Sets the MIME type, such as `image/png`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Reads a file from disk (blocking). The file name is the path's last component
    /// and the content type is guessed from a few common extensions.
    pub fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)?;
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".to_owned());
        let content_type = path
            .extension()
            .and_then(|ext| ext.to_str())
            .and_then(guess_content_type)
            .map(str::to_owned);
        Ok(UploadFile {
            file_name,
            content_type,
            bytes: Bytes::from(bytes),
        })
    }
}

/// The content is not printed, only its size.
impl fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadFile")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

fn guess_content_type(extension: &str) -> Option<&'static str> {
    let mime = match extension.to_ascii_lowercase().as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "mov" => "video/quicktime",
        "zip" => "application/zip",
        _ => return None,
    };
    Some(mime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip_through_system_time() {
        let millis = UnixMillis(1_700_000_000_123);
        let time = millis.to_system_time().expect("representable");
        assert_eq!(UnixMillis::from_system_time(time), millis);
        assert_eq!(
            UnixSeconds::from_system_time(time),
            UnixSeconds(1_700_000_000)
        );
        let before_epoch = UnixMillis(-1_500);
        let time = before_epoch.to_system_time().expect("representable");
        assert_eq!(UnixMillis::from_system_time(time), before_epoch);
        assert_eq!(UnixSeconds::from_system_time(time), UnixSeconds(-2));
    }

    #[test]
    fn seconds_take_a_duration_rounded_down_or_a_number() {
        assert_eq!(Seconds::from(Duration::from_secs(600)), Seconds(600));
        assert_eq!(Seconds::from(Duration::from_millis(1_999)), Seconds(1));
        assert_eq!(Seconds::from(Duration::MAX), Seconds(i64::MAX));
        assert_eq!(Seconds::from(-1_i64), Seconds(-1));
        assert_eq!(Seconds::from(7_i32), Seconds(7));
        assert_eq!(Seconds(i64::MAX).saturating_i32(), i32::MAX);
        assert_eq!(Seconds(-5).saturating_i32(), -5);
        assert_eq!(serde_json::to_string(&Seconds(60)).unwrap(), "60");
    }

    #[test]
    fn units_convert_and_serialize_as_plain_integers() {
        assert_eq!(UnixMillis::from(UnixSeconds(2)), UnixMillis(2_000));
        assert_eq!(UnixSeconds::from(UnixMillis(-1)), UnixSeconds(-1));
        assert_eq!(serde_json::to_string(&UnixSeconds(5)).unwrap(), "5");
        let parsed: UnixMillis = serde_json::from_str("1700000000123").unwrap();
        assert_eq!(parsed.to_string(), "1700000000123");
        assert!(UnixSeconds::now() > UnixSeconds(1_600_000_000));
    }

    #[test]
    fn upload_file_debug_hides_content_and_from_path_guesses_type() {
        let file = UploadFile::new("a.bin", vec![1_u8, 2, 3]).content_type("x/y");
        let debug = format!("{file:?}");
        assert!(
            debug.contains("len: 3") && !debug.contains("[1, 2, 3]"),
            "{debug}"
        );

        let dir = std::env::temp_dir().join(format!("sb-upload-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("photo.PNG");
        std::fs::write(&path, b"png!").unwrap();
        let loaded = UploadFile::from_path(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(loaded.file_name, "photo.PNG");
        assert_eq!(loaded.content_type.as_deref(), Some("image/png"));
        assert_eq!(&loaded.bytes[..], b"png!");
    }
}
