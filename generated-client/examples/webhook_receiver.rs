//! A small server that receives Sendbird webhooks, checks that they come from Sendbird
//! and dispatches them by type.
//!
//! ```text
//! SENDBIRD_MASTER_API_TOKEN=... SENDBIRD_DESK_API_TOKEN=... SENDBIRD_BOT_TOKEN=... \
//!     cargo run -p sendbird-platform --example webhook_receiver --features webhooks
//! ```
//!
//! It listens on `127.0.0.1:3000` (`PORT` changes the port); put a TLS-terminating proxy
//! or tunnel in front of it and register these URLs on the dashboard:
//!
//! - `POST /sendbird/chat`: Chat webhooks (Settings > Chat > Webhooks)
//! - `POST /sendbird/bot`: a Chat bot's `bot_callback_url`
//! - `POST /sendbird/desk-bot`: a Desk custom bot's webhook URL
//! - `POST /sendbird/calls`: Calls webhooks (Settings > Calls > Webhooks)
//!
//! Sendbird waits only a few seconds for an answer and sends the request again if it
//! gets none, so a real receiver answers 200 at once and hands the event to a queue;
//! here each handler only describes the event in its answer.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use sendbird_platform::generated::calls::types::WebhookDirectCall;
use sendbird_platform::generated::chat::types::{UserSummary, WebhookChannel};
use sendbird_platform::webhooks::{
    self, CallsWebhookEvent, ChatBotCallback, ChatWebhookEvent, DeskBotWebhookEvent, WebhookError,
};

/// The secrets requests are checked with.
#[derive(Clone)]
pub struct Secrets {
    /// The application's master API token (Chat and Calls signatures).
    pub master_api_token: String,
    /// The Desk API token (Desk signatures).
    pub desk_api_token: String,
    /// The Chat bot's `bot_token` (bot callbacks).
    pub bot_token: String,
}

/// The receiver's routes.
pub fn router(secrets: Secrets) -> Router {
    Router::new()
        .route("/sendbird/chat", post(chat))
        .route("/sendbird/bot", post(bot))
        .route("/sendbird/desk-bot", post(desk_bot))
        .route("/sendbird/calls", post(calls))
        .with_state(Arc::new(secrets))
}

type Reply = (StatusCode, String);

fn refuse(error: WebhookError) -> Reply {
    let status = StatusCode::from_u16(error.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, error.to_string())
}

async fn chat(State(secrets): State<Arc<Secrets>>, headers: HeaderMap, body: Bytes) -> Reply {
    match webhooks::parse_chat_event(&body, &headers, &secrets.master_api_token) {
        Ok(event) => (StatusCode::OK, describe_chat(&event)),
        Err(error) => refuse(error),
    }
}

async fn bot(State(secrets): State<Arc<Secrets>>, body: Bytes) -> Reply {
    match webhooks::parse_bot_callback(&body, &secrets.bot_token) {
        Ok(ChatBotCallback::BotMessageNotificationEvent(event)) => {
            let text = event.message.and_then(|m| m.text).unwrap_or_default();
            (
                StatusCode::OK,
                format!("bot {} got: {text}", event.bot.bot_userid),
            )
        }
        Ok(other) => (
            StatusCode::OK,
            format!("bot callback not handled: {other:?}"),
        ),
        Err(error) => refuse(error),
    }
}

async fn desk_bot(State(secrets): State<Arc<Secrets>>, headers: HeaderMap, body: Bytes) -> Reply {
    match webhooks::parse_desk_event::<DeskBotWebhookEvent>(
        &body,
        &headers,
        &secrets.desk_api_token,
    ) {
        Ok(event) => {
            let detail = event.bot_webhook_event.unwrap_or_default();
            let text = detail
                .chat_message
                .and_then(|m| m.message)
                .unwrap_or_default();
            (
                StatusCode::OK,
                format!("desk bot event {}: {text}", detail.id),
            )
        }
        Err(error) => refuse(error),
    }
}

async fn calls(State(secrets): State<Arc<Secrets>>, headers: HeaderMap, body: Bytes) -> Reply {
    match webhooks::parse_calls_event(&body, &headers, &secrets.master_api_token) {
        Ok(event) => (StatusCode::OK, describe_calls(&event)),
        Err(error) => refuse(error),
    }
}

/// What the receiver makes of a Chat event.
pub fn describe_chat(event: &ChatWebhookEvent) -> String {
    let channel_of = |channel: &Option<WebhookChannel>| {
        channel
            .as_ref()
            .map_or("?", |c| c.channel_url.as_str())
            .to_owned()
    };
    match event {
        ChatWebhookEvent::GroupChannelMessageSendEvent(e) => {
            let sender = e.sender.as_ref().map_or("an admin", |s| s.user_id.as_str());
            let text = e
                .payload
                .as_ref()
                .and_then(|p| p.message.as_deref())
                .unwrap_or("");
            format!(
                "message from {sender} in {}: {text}",
                channel_of(&e.channel)
            )
        }
        ChatWebhookEvent::OpenChannelMessageSendEvent(e) => {
            let sender = e.sender.as_ref().map_or("an admin", |s| s.user_id.as_str());
            format!(
                "open channel message from {sender} in {}",
                channel_of(&e.channel)
            )
        }
        ChatWebhookEvent::GroupChannelMessageReadEvent(e) => {
            let readers: Vec<&str> = e
                .read_updates
                .iter()
                .flatten()
                .map(|r| r.user_id.as_str())
                .collect();
            format!("{} read {}", readers.join(", "), channel_of(&e.channel))
        }
        ChatWebhookEvent::UserBlockEvent(e) => {
            let who =
                |u: &Option<UserSummary>| u.as_ref().map_or("?", |u| u.user_id.as_str()).to_owned();
            format!("{} blocked {}", who(&e.blocker), who(&e.blockee))
        }
        ChatWebhookEvent::Unknown(raw) => {
            format!(
                "unknown category {}",
                raw.get("category")
                    .and_then(|c| c.as_str())
                    .unwrap_or("(none)")
            )
        }
        other => format!("{} event", category(other)),
    }
}

/// What the receiver makes of a Calls event.
pub fn describe_calls(event: &CallsWebhookEvent) -> String {
    let call_of = |call: &Option<WebhookDirectCall>| {
        call.as_ref().map_or("?", |c| c.call_id.as_str()).to_owned()
    };
    match event {
        CallsWebhookEvent::DirectCallDialEvent(e) => {
            format!("call {} dialed", call_of(&e.direct_call))
        }
        CallsWebhookEvent::DirectCallAcceptEvent(e) => {
            format!("call {} accepted", call_of(&e.direct_call))
        }
        CallsWebhookEvent::DirectCallEndEvent(e) => {
            format!("call {} ended", call_of(&e.direct_call))
        }
        other => format!("{} event", category(other)),
    }
}

/// The `category` of any event, read back from its JSON form.
fn category(event: &impl serde::Serialize) -> String {
    serde_json::to_value(event)
        .ok()
        .and_then(|value| value.get("category")?.as_str().map(str::to_owned))
        .unwrap_or_else(|| "(no category)".to_owned())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let secrets = Secrets {
        master_api_token: var("SENDBIRD_MASTER_API_TOKEN"),
        desk_api_token: var("SENDBIRD_DESK_API_TOKEN"),
        bot_token: var("SENDBIRD_BOT_TOKEN"),
    };
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3000);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!(
        "receiving Sendbird webhooks on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, router(secrets)).await?;
    Ok(())
}
