//! Multipart upload: create a user with a profile image uploaded in the request.
//!
//! ```sh
//! cargo run -p sendbird-platform --example multipart_upload              # a built-in 1x1 PNG
//! cargo run -p sendbird-platform --example multipart_upload -- photo.jpg # a file of yours
//! ```
//!
//! Operations with a file part (`create_user`'s `profile_file`, `send_file_message`'s
//! `file`, ...) send JSON when no file is given and `multipart/form-data` when one is.
//! With `SENDBIRD_APP_ID` and `SENDBIRD_API_TOKEN` set it calls your application and
//! deletes the user afterwards; without them it runs against an in-process mock.

mod support;

use sendbird_platform::UploadFile;

/// The smallest valid PNG: one transparent pixel.
const PIXEL_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let setup = support::setup().await?;
    run(&setup, std::env::args().nth(1)).await
}

async fn run(
    setup: &support::Setup,
    file: Option<String>,
) -> Result<(), Box<dyn std::error::Error>> {
    let client = &setup.client;

    // A file from the command line (name and content type guessed from the path), or
    // an in-memory file with an explicit content type.
    let image = match file {
        Some(path) => UploadFile::from_path(&path)?,
        None => UploadFile::new("pixel.png", PIXEL_PNG).content_type("image/png"),
    };
    println!(
        "uploading {} ({} bytes, {})",
        image.file_name,
        image.bytes.len(),
        image
            .content_type
            .as_deref()
            .unwrap_or("application/octet-stream")
    );

    let user_id = support::unique_user_id("upload");
    let user = client
        .chat()
        .users()
        // The id, the nickname and the profile URL: Sendbird wants an empty
        // `profile_url` when the image is uploaded.
        .create_user(&user_id, "Uploader", "")
        .profile_file(image)
        .send()
        .await?;
    println!(
        "created {} with profile image {}",
        user.user_id,
        user.profile_url.as_deref().unwrap_or("(none)")
    );

    if let Some(server) = &setup.mock {
        // The mock kept the request: show what travelled.
        let requests = server.received_requests().await.unwrap_or_default();
        if let Some(sent) = requests.iter().find(|r| r.method.as_str() == "POST") {
            let content_type = sent
                .headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            println!(
                "the request was {} ({} bytes), file part named {:?}",
                content_type.split(';').next().unwrap_or_default(),
                sent.body.len(),
                support::multipart_file_name(sent, "profile_file").unwrap_or_default()
            );
        }
    }

    client.chat().users().delete_user(&user_id).send().await?;
    println!("deleted {user_id}");
    Ok(())
}

#[cfg(test)]
mod tests {
    /// `cargo test -p sendbird-platform --examples` runs the example against the mock.
    #[tokio::test]
    async fn runs_against_the_mock() {
        let setup = super::support::mock_setup().await.unwrap();
        super::run(&setup, None).await.unwrap();
    }
}
