//! Upstream's response examples, decoded by our typed responses.
//!
//! `api-spec/upstream/*.json` (the fact index `cargo xtask conformance import` writes
//! from Sendbird's published Chat OpenAPI files) keeps each operation's response
//! example. For every Chat operation of ours that matches an upstream operation with
//! an example, the example is decoded into the operation's `Output` type. Upstream's
//! examples are generated from its schemas: the floats it writes in integer fields are
//! repaired before decoding; its `"{}"` strings for objects are not (they are `None` in
//! our optional fields, which decode leniently). The operations whose
//! examples still fail today are listed in `api-spec/upstream/decode-failures.txt`, and
//! the test fails on any other. Set `CONFORMANCE_DECODE_REPORT=<path>` to write every failure with its JSON
//! path and error to a file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sendbird_platform::__private::Input;
use sendbird_platform::generated::chat;
use serde_json::Value;

pub(crate) fn decode_as<I: Input>(example: &Value) -> Result<(), String> {
    if I::EMPTY {
        return Ok(());
    }
    serde_path_to_error::deserialize::<_, I::Output>(example)
        .map(drop)
        .map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))
}

/// Every Chat operation by its name, with its input type: decodes JSON into the
/// operation's response type. `registry_lists_every_chat_operation` keeps it complete.
macro_rules! registry {
    ($($id:literal => $input:ty,)*) => {
        const OPERATIONS: &[&str] = &[$($id),*];

        pub(crate) fn decode(id: &str, example: &Value) -> Option<Result<(), String>> {
            match id {
                $($id => Some(decode_as::<$input>(example)),)*
                _ => None,
            }
        }
    };
}

registry! {
    "chat.announcements.list_announcement_groups" => chat::announcements::ListAnnouncementGroupsInput,
    "chat.announcements.list_announcement_open_status" => chat::announcements::ListAnnouncementOpenStatusInput,
    "chat.announcements.list_announcements" => chat::announcements::ListAnnouncementsInput,
    "chat.announcements.create_announcement" => chat::announcements::CreateAnnouncementInput,
    "chat.announcements.update_announcement" => chat::announcements::UpdateAnnouncementInput,
    "chat.announcements.view_announcement" => chat::announcements::ViewAnnouncementInput,
    "chat.announcements.view_announcement_group_open_rate" => chat::announcements::ViewAnnouncementGroupOpenRateInput,
    "chat.announcements.view_announcement_open_rate" => chat::announcements::ViewAnnouncementOpenRateInput,
    "chat.announcements.view_daily_announcement_stats" => chat::announcements::ViewDailyAnnouncementStatsInput,
    "chat.announcements.view_monthly_announcement_stats" => chat::announcements::ViewMonthlyAnnouncementStatsInput,
    "chat.announcements.view_weekly_announcement_stats" => chat::announcements::ViewWeeklyAnnouncementStatsInput,
    "chat.applications.create_apns_push_configuration" => chat::applications::CreateApnsPushConfigurationInput,
    "chat.applications.create_fcm_push_configuration" => chat::applications::CreateFcmPushConfigurationInput,
    "chat.applications.create_gcm_push_configuration" => chat::applications::CreateGcmPushConfigurationInput,
    "chat.applications.create_hms_push_configuration" => chat::applications::CreateHmsPushConfigurationInput,
    "chat.applications.add_ips_to_whitelist" => chat::applications::AddIpsToWhitelistInput,
    "chat.applications.ban_users_in_channels_with_custom_type" => chat::applications::BanUsersInChannelsWithCustomTypeInput,
    "chat.applications.update_auto_event_messages" => chat::applications::UpdateAutoEventMessagesInput,
    "chat.applications.create_application" => chat::applications::CreateApplicationInput,
    "chat.applications.delete_all_applications" => chat::applications::DeleteAllApplicationsInput,
    "chat.applications.delete_apns_certificate" => chat::applications::DeleteApnsCertificateInput,
    "chat.applications.delete_current_application" => chat::applications::DeleteCurrentApplicationInput,
    "chat.applications.remove_ips_from_whitelist" => chat::applications::RemoveIpsFromWhitelistInput,
    "chat.applications.update_reaction_setting" => chat::applications::UpdateReactionSettingInput,
    "chat.applications.create_secondary_api_token" => chat::applications::CreateSecondaryApiTokenInput,
    "chat.applications.list_applications" => chat::applications::ListApplicationsInput,
    "chat.applications.list_auto_event_messages" => chat::applications::ListAutoEventMessagesInput,
    "chat.applications.list_banned_users_in_channels_with_custom_type" => chat::applications::ListBannedUsersInChannelsWithCustomTypeInput,
    "chat.applications.list_muted_users_in_channels_with_custom_type" => chat::applications::ListMutedUsersInChannelsWithCustomTypeInput,
    "chat.applications.list_push_configurations" => chat::applications::ListPushConfigurationsInput,
    "chat.applications.list_push_notification_content_templates" => chat::applications::ListPushNotificationContentTemplatesInput,
    "chat.applications.list_secondary_api_tokens" => chat::applications::ListSecondaryApiTokensInput,
    "chat.applications.mute_users_in_channels_with_custom_type" => chat::applications::MuteUsersInChannelsWithCustomTypeInput,
    "chat.applications.delete_push_configuration" => chat::applications::DeletePushConfigurationInput,
    "chat.applications.view_ip_whitelist" => chat::applications::ViewIpWhitelistInput,
    "chat.applications.delete_secondary_api_token" => chat::applications::DeleteSecondaryApiTokenInput,
    "chat.applications.update_message_moderation_by_custom_type" => chat::applications::UpdateMessageModerationByCustomTypeInput,
    "chat.applications.update_profanity_filter" => chat::applications::UpdateProfanityFilterInput,
    "chat.applications.unban_users_in_channels_with_custom_type" => chat::applications::UnbanUsersInChannelsWithCustomTypeInput,
    "chat.applications.unmute_users_in_channels_with_custom_type" => chat::applications::UnmuteUsersInChannelsWithCustomTypeInput,
    "chat.applications.update_apns_push_configuration" => chat::applications::UpdateApnsPushConfigurationInput,
    "chat.applications.update_default_channel_invitation_preference" => chat::applications::UpdateDefaultChannelInvitationPreferenceInput,
    "chat.applications.update_fcm_push_configuration" => chat::applications::UpdateFcmPushConfigurationInput,
    "chat.applications.update_hms_push_configuration" => chat::applications::UpdateHmsPushConfigurationInput,
    "chat.applications.update_push_notification_content_template" => chat::applications::UpdatePushNotificationContentTemplateInput,
    "chat.applications.update_push_notification_settings" => chat::applications::UpdatePushNotificationSettingsInput,
    "chat.applications.update_webhook_settings" => chat::applications::UpdateWebhookSettingsInput,
    "chat.applications.update_default_emoji_setting" => chat::applications::UpdateDefaultEmojiSettingInput,
    "chat.applications.view_current_application" => chat::applications::ViewCurrentApplicationInput,
    "chat.applications.view_daily_message_count" => chat::applications::ViewDailyMessageCountInput,
    "chat.applications.view_default_channel_invitation_preference" => chat::applications::ViewDefaultChannelInvitationPreferenceInput,
    "chat.applications.view_number_of_concurrent_connections" => chat::applications::ViewNumberOfConcurrentConnectionsInput,
    "chat.applications.view_number_of_daily_active_users" => chat::applications::ViewNumberOfDailyActiveUsersInput,
    "chat.applications.view_number_of_monthly_active_users" => chat::applications::ViewNumberOfMonthlyActiveUsersInput,
    "chat.applications.view_push_configuration" => chat::applications::ViewPushConfigurationInput,
    "chat.applications.view_push_notification_content_template" => chat::applications::ViewPushNotificationContentTemplateInput,
    "chat.applications.view_push_notification_settings" => chat::applications::ViewPushNotificationSettingsInput,
    "chat.applications.view_secondary_api_token" => chat::applications::ViewSecondaryApiTokenInput,
    "chat.applications.view_webhook_settings" => chat::applications::ViewWebhookSettingsInput,
    "chat.bots.create_bot" => chat::bots::CreateBotInput,
    "chat.bots.delete_bot" => chat::bots::DeleteBotInput,
    "chat.bots.list_bots" => chat::bots::ListBotsInput,
    "chat.bots.add_bot_to_channels" => chat::bots::AddBotToChannelsInput,
    "chat.bots.remove_bot_from_channel" => chat::bots::RemoveBotFromChannelInput,
    "chat.bots.remove_bot_from_channels" => chat::bots::RemoveBotFromChannelsInput,
    "chat.bots.send_bot_message" => chat::bots::SendBotMessageInput,
    "chat.bots.send_bot_file_message" => chat::bots::SendBotFileMessageInput,
    "chat.bots.update_bot" => chat::bots::UpdateBotInput,
    "chat.bots.update_bot_with_post" => chat::bots::UpdateBotWithPostInput,
    "chat.bots.view_bot" => chat::bots::ViewBotInput,
    "chat.data_exports.list_data_exports" => chat::data_exports::ListDataExportsInput,
    "chat.data_exports.create_data_export" => chat::data_exports::CreateDataExportInput,
    "chat.data_exports.view_data_export" => chat::data_exports::ViewDataExportInput,
    "chat.emojis.create_emoji_categories" => chat::emojis::CreateEmojiCategoriesInput,
    "chat.emojis.create_emojis" => chat::emojis::CreateEmojisInput,
    "chat.emojis.delete_emoji" => chat::emojis::DeleteEmojiInput,
    "chat.emojis.delete_emoji_category" => chat::emojis::DeleteEmojiCategoryInput,
    "chat.emojis.list_emoji_categories" => chat::emojis::ListEmojiCategoriesInput,
    "chat.emojis.list_emojis" => chat::emojis::ListEmojisInput,
    "chat.emojis.update_emoji_category_url" => chat::emojis::UpdateEmojiCategoryUrlInput,
    "chat.emojis.update_emoji_url" => chat::emojis::UpdateEmojiUrlInput,
    "chat.emojis.view_emoji" => chat::emojis::ViewEmojiInput,
    "chat.emojis.view_emoji_category" => chat::emojis::ViewEmojiCategoryInput,
    "chat.group_channels.accept_invitation" => chat::group_channels::AcceptInvitationInput,
    "chat.group_channels.ban_user" => chat::group_channels::BanUserInput,
    "chat.group_channels.view_membership" => chat::group_channels::ViewMembershipInput,
    "chat.group_channels.create_group_channel" => chat::group_channels::CreateGroupChannelInput,
    "chat.group_channels.decline_invitation" => chat::group_channels::DeclineInvitationInput,
    "chat.group_channels.delete_group_channel" => chat::group_channels::DeleteGroupChannelInput,
    "chat.group_channels.freeze_group_channel" => chat::group_channels::FreezeGroupChannelInput,
    "chat.group_channels.hide_group_channel" => chat::group_channels::HideGroupChannelInput,
    "chat.group_channels.invite_members" => chat::group_channels::InviteMembersInput,
    "chat.group_channels.join_group_channel" => chat::group_channels::JoinGroupChannelInput,
    "chat.group_channels.leave_group_channel" => chat::group_channels::LeaveGroupChannelInput,
    "chat.group_channels.list_banned_users" => chat::group_channels::ListBannedUsersInput,
    "chat.group_channels.list_members" => chat::group_channels::ListMembersInput,
    "chat.group_channels.list_muted_users" => chat::group_channels::ListMutedUsersInput,
    "chat.group_channels.list_operators" => chat::group_channels::ListOperatorsInput,
    "chat.group_channels.list_group_channels" => chat::group_channels::ListGroupChannelsInput,
    "chat.group_channels.mute_user" => chat::group_channels::MuteUserInput,
    "chat.group_channels.register_operators" => chat::group_channels::RegisterOperatorsInput,
    "chat.group_channels.reset_chat_history" => chat::group_channels::ResetChatHistoryInput,
    "chat.group_channels.start_typing_indicators" => chat::group_channels::StartTypingIndicatorsInput,
    "chat.group_channels.stop_typing_indicators" => chat::group_channels::StopTypingIndicatorsInput,
    "chat.group_channels.unban_user" => chat::group_channels::UnbanUserInput,
    "chat.group_channels.unhide_group_channel" => chat::group_channels::UnhideGroupChannelInput,
    "chat.group_channels.unmute_user" => chat::group_channels::UnmuteUserInput,
    "chat.group_channels.unregister_operators" => chat::group_channels::UnregisterOperatorsInput,
    "chat.group_channels.update_group_channel" => chat::group_channels::UpdateGroupChannelInput,
    "chat.group_channels.update_ban" => chat::group_channels::UpdateBanInput,
    "chat.group_channels.view_group_channel" => chat::group_channels::ViewGroupChannelInput,
    "chat.group_channels.view_ban" => chat::group_channels::ViewBanInput,
    "chat.group_channels.view_mute" => chat::group_channels::ViewMuteInput,
    "chat.messages.add_message_extra_data" => chat::messages::AddMessageExtraDataInput,
    "chat.messages.add_message_reaction" => chat::messages::AddMessageReactionInput,
    "chat.messages.delete_message" => chat::messages::DeleteMessageInput,
    "chat.messages.view_total_message_count" => chat::messages::ViewTotalMessageCountInput,
    "chat.messages.view_unread_message_counts" => chat::messages::ViewUnreadMessageCountsInput,
    "chat.messages.list_message_reactions" => chat::messages::ListMessageReactionsInput,
    "chat.messages.list_messages" => chat::messages::ListMessagesInput,
    "chat.messages.mark_all_messages_as_delivered" => chat::messages::MarkAllMessagesAsDeliveredInput,
    "chat.messages.mark_all_messages_as_read" => chat::messages::MarkAllMessagesAsReadInput,
    "chat.messages.mark_messages_as_read" => chat::messages::MarkMessagesAsReadInput,
    "chat.messages.pin_message" => chat::messages::PinMessageInput,
    "chat.messages.remove_message_extra_data" => chat::messages::RemoveMessageExtraDataInput,
    "chat.messages.remove_message_reaction" => chat::messages::RemoveMessageReactionInput,
    "chat.messages.search_messages" => chat::messages::SearchMessagesInput,
    "chat.messages.send_admin_message" => chat::messages::SendAdminMessageInput,
    "chat.messages.send_file_message" => chat::messages::SendFileMessageInput,
    "chat.messages.send_user_message" => chat::messages::SendUserMessageInput,
    "chat.messages.translate_message" => chat::messages::TranslateMessageInput,
    "chat.messages.unpin_message" => chat::messages::UnpinMessageInput,
    "chat.messages.update_admin_message" => chat::messages::UpdateAdminMessageInput,
    "chat.messages.update_file_message" => chat::messages::UpdateFileMessageInput,
    "chat.messages.update_message_extra_data" => chat::messages::UpdateMessageExtraDataInput,
    "chat.messages.update_user_message" => chat::messages::UpdateUserMessageInput,
    "chat.messages.view_message" => chat::messages::ViewMessageInput,
    "chat.metadata.create_channel_metacounter" => chat::metadata::CreateChannelMetacounterInput,
    "chat.metadata.create_channel_metadata" => chat::metadata::CreateChannelMetadataInput,
    "chat.metadata.create_user_metadata" => chat::metadata::CreateUserMetadataInput,
    "chat.metadata.delete_channel_metacounter" => chat::metadata::DeleteChannelMetacounterInput,
    "chat.metadata.delete_channel_metacounter_by_key" => chat::metadata::DeleteChannelMetacounterByKeyInput,
    "chat.metadata.delete_channel_metadata" => chat::metadata::DeleteChannelMetadataInput,
    "chat.metadata.delete_channel_metadata_by_key" => chat::metadata::DeleteChannelMetadataByKeyInput,
    "chat.metadata.delete_user_metadata" => chat::metadata::DeleteUserMetadataInput,
    "chat.metadata.delete_user_metadata_by_key" => chat::metadata::DeleteUserMetadataByKeyInput,
    "chat.metadata.update_channel_metacounter" => chat::metadata::UpdateChannelMetacounterInput,
    "chat.metadata.update_channel_metacounter_by_key" => chat::metadata::UpdateChannelMetacounterByKeyInput,
    "chat.metadata.update_channel_metadata" => chat::metadata::UpdateChannelMetadataInput,
    "chat.metadata.update_channel_metadata_by_key" => chat::metadata::UpdateChannelMetadataByKeyInput,
    "chat.metadata.update_user_metadata" => chat::metadata::UpdateUserMetadataInput,
    "chat.metadata.update_user_metadata_by_key" => chat::metadata::UpdateUserMetadataByKeyInput,
    "chat.metadata.view_channel_metacounter" => chat::metadata::ViewChannelMetacounterInput,
    "chat.metadata.view_channel_metacounter_by_key" => chat::metadata::ViewChannelMetacounterByKeyInput,
    "chat.metadata.view_channel_metadata" => chat::metadata::ViewChannelMetadataInput,
    "chat.metadata.view_channel_metadata_by_key" => chat::metadata::ViewChannelMetadataByKeyInput,
    "chat.metadata.view_user_metadata" => chat::metadata::ViewUserMetadataInput,
    "chat.metadata.view_user_metadata_by_key" => chat::metadata::ViewUserMetadataByKeyInput,
    "chat.migration.migrate_messages" => chat::migration::MigrateMessagesInput,
    "chat.open_channels.ban_user" => chat::open_channels::BanUserInput,
    "chat.open_channels.create_open_channel" => chat::open_channels::CreateOpenChannelInput,
    "chat.open_channels.delete_open_channel" => chat::open_channels::DeleteOpenChannelInput,
    "chat.open_channels.freeze_open_channel" => chat::open_channels::FreezeOpenChannelInput,
    "chat.open_channels.list_banned_users" => chat::open_channels::ListBannedUsersInput,
    "chat.open_channels.list_muted_users" => chat::open_channels::ListMutedUsersInput,
    "chat.open_channels.list_open_channels" => chat::open_channels::ListOpenChannelsInput,
    "chat.open_channels.list_operators" => chat::open_channels::ListOperatorsInput,
    "chat.open_channels.list_participants" => chat::open_channels::ListParticipantsInput,
    "chat.open_channels.mute_user" => chat::open_channels::MuteUserInput,
    "chat.open_channels.register_operators" => chat::open_channels::RegisterOperatorsInput,
    "chat.open_channels.unban_user" => chat::open_channels::UnbanUserInput,
    "chat.open_channels.unmute_user" => chat::open_channels::UnmuteUserInput,
    "chat.open_channels.unregister_operators" => chat::open_channels::UnregisterOperatorsInput,
    "chat.open_channels.update_ban" => chat::open_channels::UpdateBanInput,
    "chat.open_channels.update_open_channel" => chat::open_channels::UpdateOpenChannelInput,
    "chat.open_channels.view_ban" => chat::open_channels::ViewBanInput,
    "chat.open_channels.view_mute" => chat::open_channels::ViewMuteInput,
    "chat.open_channels.view_open_channel" => chat::open_channels::ViewOpenChannelInput,
    "chat.polls.create_poll_option" => chat::polls::CreatePollOptionInput,
    "chat.polls.close_poll" => chat::polls::ClosePollInput,
    "chat.polls.create_poll" => chat::polls::CreatePollInput,
    "chat.polls.delete_poll" => chat::polls::DeletePollInput,
    "chat.polls.delete_poll_option" => chat::polls::DeletePollOptionInput,
    "chat.polls.list_poll_option_voters" => chat::polls::ListPollOptionVotersInput,
    "chat.polls.list_polls" => chat::polls::ListPollsInput,
    "chat.polls.update_poll" => chat::polls::UpdatePollInput,
    "chat.polls.update_poll_option" => chat::polls::UpdatePollOptionInput,
    "chat.polls.view_poll" => chat::polls::ViewPollInput,
    "chat.polls.view_poll_option" => chat::polls::ViewPollOptionInput,
    "chat.polls.vote_on_poll" => chat::polls::VoteOnPollInput,
    "chat.privacy.cancel_gdpr_request" => chat::privacy::CancelGdprRequestInput,
    "chat.privacy.list_gdpr_requests" => chat::privacy::ListGdprRequestsInput,
    "chat.privacy.create_gdpr_request" => chat::privacy::CreateGdprRequestInput,
    "chat.privacy.view_gdpr_request" => chat::privacy::ViewGdprRequestInput,
    "chat.push_tokens.remove_push_token_from_owner" => chat::push_tokens::RemovePushTokenFromOwnerInput,
    "chat.push_tokens.view_push_token_owner" => chat::push_tokens::ViewPushTokenOwnerInput,
    "chat.reports.list_channel_reports" => chat::reports::ListChannelReportsInput,
    "chat.reports.list_message_reports" => chat::reports::ListMessageReportsInput,
    "chat.reports.list_reports" => chat::reports::ListReportsInput,
    "chat.reports.list_user_reports" => chat::reports::ListUserReportsInput,
    "chat.reports.report_channel" => chat::reports::ReportChannelInput,
    "chat.reports.report_message" => chat::reports::ReportMessageInput,
    "chat.reports.report_user" => chat::reports::ReportUserInput,
    "chat.reports.view_moderated_message" => chat::reports::ViewModeratedMessageInput,
    "chat.scheduled_messages.cancel_scheduled_message" => chat::scheduled_messages::CancelScheduledMessageInput,
    "chat.scheduled_messages.view_scheduled_message_count" => chat::scheduled_messages::ViewScheduledMessageCountInput,
    "chat.scheduled_messages.create_scheduled_message" => chat::scheduled_messages::CreateScheduledMessageInput,
    "chat.scheduled_messages.list_scheduled_messages" => chat::scheduled_messages::ListScheduledMessagesInput,
    "chat.scheduled_messages.send_scheduled_message_now" => chat::scheduled_messages::SendScheduledMessageNowInput,
    "chat.scheduled_messages.update_scheduled_message" => chat::scheduled_messages::UpdateScheduledMessageInput,
    "chat.scheduled_messages.view_scheduled_message" => chat::scheduled_messages::ViewScheduledMessageInput,
    "chat.settings.create_custom_type_settings" => chat::settings::CreateCustomTypeSettingsInput,
    "chat.settings.delete_custom_type_settings" => chat::settings::DeleteCustomTypeSettingsInput,
    "chat.settings.list_custom_type_settings" => chat::settings::ListCustomTypeSettingsInput,
    "chat.settings.update_custom_type_settings" => chat::settings::UpdateCustomTypeSettingsInput,
    "chat.settings.update_global_settings" => chat::settings::UpdateGlobalSettingsInput,
    "chat.settings.view_custom_type_settings" => chat::settings::ViewCustomTypeSettingsInput,
    "chat.settings.view_global_settings" => chat::settings::ViewGlobalSettingsInput,
    "chat.statistics.view_advanced_analytics_metrics" => chat::statistics::ViewAdvancedAnalyticsMetricsInput,
    "chat.statistics.view_number_of_peak_connections" => chat::statistics::ViewNumberOfPeakConnectionsInput,
    "chat.user_extras.ban_user_by_custom_types" => chat::user_extras::BanUserByCustomTypesInput,
    "chat.user_extras.update_push_template" => chat::user_extras::UpdatePushTemplateInput,
    "chat.user_extras.issue_session_token" => chat::user_extras::IssueSessionTokenInput,
    "chat.user_extras.leave_my_group_channels" => chat::user_extras::LeaveMyGroupChannelsInput,
    "chat.user_extras.list_push_tokens" => chat::user_extras::ListPushTokensInput,
    "chat.user_extras.mute_user_by_custom_types" => chat::user_extras::MuteUserByCustomTypesInput,
    "chat.user_extras.register_operator_by_custom_types" => chat::user_extras::RegisterOperatorByCustomTypesInput,
    "chat.user_extras.update_channel_invitation_preference" => chat::user_extras::UpdateChannelInvitationPreferenceInput,
    "chat.user_extras.update_count_preference" => chat::user_extras::UpdateCountPreferenceInput,
    "chat.user_extras.view_channel_invitation_preference" => chat::user_extras::ViewChannelInvitationPreferenceInput,
    "chat.user_extras.view_count_preference" => chat::user_extras::ViewCountPreferenceInput,
    "chat.user_extras.view_group_channel_count" => chat::user_extras::ViewGroupChannelCountInput,
    "chat.user_extras.view_unread_channel_count" => chat::user_extras::ViewUnreadChannelCountInput,
    "chat.user_extras.view_unread_item_count" => chat::user_extras::ViewUnreadItemCountInput,
    "chat.user_extras.view_unread_message_count" => chat::user_extras::ViewUnreadMessageCountInput,
    "chat.users.activate_user" => chat::users::ActivateUserInput,
    "chat.users.block_user" => chat::users::BlockUserInput,
    "chat.users.create_user" => chat::users::CreateUserInput,
    "chat.users.delete_push_preference" => chat::users::DeletePushPreferenceInput,
    "chat.users.delete_user" => chat::users::DeleteUserInput,
    "chat.users.view_unread_count" => chat::users::ViewUnreadCountInput,
    "chat.users.list_banned_channels" => chat::users::ListBannedChannelsInput,
    "chat.users.list_blocked_users" => chat::users::ListBlockedUsersInput,
    "chat.users.list_muted_channels" => chat::users::ListMutedChannelsInput,
    "chat.users.list_my_group_channels" => chat::users::ListMyGroupChannelsInput,
    "chat.users.list_users" => chat::users::ListUsersInput,
    "chat.users.mark_all_messages_as_read" => chat::users::MarkAllMessagesAsReadInput,
    "chat.users.register_push_token" => chat::users::RegisterPushTokenInput,
    "chat.users.unblock_user" => chat::users::UnblockUserInput,
    "chat.users.unregister_all_push_tokens" => chat::users::UnregisterAllPushTokensInput,
    "chat.users.unregister_push_token" => chat::users::UnregisterPushTokenInput,
    "chat.users.update_channel_push_preference" => chat::users::UpdateChannelPushPreferenceInput,
    "chat.users.update_push_preference" => chat::users::UpdatePushPreferenceInput,
    "chat.users.update_user" => chat::users::UpdateUserInput,
    "chat.users.view_channel_push_preference" => chat::users::ViewChannelPushPreferenceInput,
    "chat.users.view_push_preference" => chat::users::ViewPushPreferenceInput,
    "chat.users.view_user" => chat::users::ViewUserInput,
}

pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// One of our Chat operations: name, method and full path (`/v3/users/{user_id}`).
pub(crate) struct Ours {
    pub(crate) id: String,
    pub(crate) method: String,
    pub(crate) path: String,
}

pub(crate) fn our_chat_operations() -> Vec<Ours> {
    let dir = root().join("api-spec");
    let mut diags = codegen::diag::Diagnostics::default();
    let files = codegen::load::load_dir(&dir, &mut diags);
    let spec = codegen::spec::read(&files, &mut diags);
    assert!(diags.is_empty(), "api-spec/ has problems:\n{diags}");
    let base = spec
        .root
        .as_ref()
        .and_then(|r| r.services.iter().find(|s| s.name == "chat"))
        .and_then(|s| s.def.base_url.as_ref())
        .map(|u| u.text.clone())
        .unwrap_or_default();
    let base = base
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_owned()))
        .unwrap_or_default();
    let mut ops = Vec::new();
    for area in spec.areas.iter().filter(|a| a.service == "chat") {
        for op in &area.operations {
            ops.push(Ours {
                id: format!("chat.{}.{}", area.group, op.name),
                method: op.def.method.as_str().to_owned(),
                path: format!("{base}{}", op.def.path.text),
            });
        }
    }
    ops
}

/// One upstream operation with its success response.
pub(crate) struct Upstream {
    pub(crate) label: String,
    pub(crate) method: String,
    pub(crate) path: String,
    /// Path parameters' allowed values, by name.
    selectors: BTreeMap<String, Vec<String>>,
    /// The response example; `null` when upstream has none.
    pub(crate) example: Value,
    /// The JSON schema of the success response (`null` when there is none), with the
    /// component schemas of its index file that its `ref`s name.
    pub(crate) schema: Value,
    pub(crate) components: Arc<Value>,
}

/// The upstream operations of every index, newest file first (its operations win).
pub(crate) fn upstream_operations() -> Vec<Upstream> {
    let dir = root().join("api-spec/upstream");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("api-spec/upstream/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files.reverse();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("index is readable");
        let index: Value = serde_json::from_str(&text).expect("index is JSON");
        let name = file.file_stem().map(|s| s.to_string_lossy().into_owned());
        let components = Arc::new(index["schemas"].clone());
        let Some(ops) = index["operations"].as_object() else {
            continue;
        };
        for (key, op) in ops {
            if !seen.insert(key.clone()) {
                continue;
            }
            let success = op["responses"]
                .as_object()
                .and_then(|r| r.iter().find(|(status, _)| status.starts_with('2')))
                .map(|(_, r)| r.clone())
                .unwrap_or(Value::Null);
            let example = success["example"].clone();
            let schema = success["content"]
                .as_object()
                .and_then(|c| c.iter().find(|(ct, _)| ct.contains("json")))
                .map(|(_, s)| s.clone())
                .unwrap_or(Value::Null);
            let mut selectors = BTreeMap::new();
            for p in op["params"].as_array().into_iter().flatten() {
                if p["in"] == "path" {
                    let values = p["schema"]["enum"]
                        .as_array()
                        .map(|v| {
                            v.iter()
                                .filter_map(|s| s.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default();
                    selectors.insert(p["name"].as_str().unwrap_or_default().to_owned(), values);
                }
            }
            let id = op["operation_id"].as_str().unwrap_or("(no operationId)");
            out.push(Upstream {
                label: format!("{} {key} {id}", name.as_deref().unwrap_or("")),
                method: op["method"].as_str().unwrap_or_default().to_owned(),
                path: op["path"].as_str().unwrap_or_default().to_owned(),
                selectors,
                example,
                schema,
                components: Arc::clone(&components),
            });
        }
    }
    out
}

fn is_placeholder(seg: &str) -> bool {
    seg.len() >= 2 && seg.starts_with('{') && seg.ends_with('}')
}

/// The upstream operation ours is, by the rule of `cargo xtask conformance`: same
/// method and segments; an upstream selector placeholder (`{channel_type}`) may stand
/// for one of our literal segments; the most literal match wins.
pub(crate) fn matching<'u>(ours: &Ours, upstream: &'u [Upstream]) -> Option<&'u Upstream> {
    let segs: Vec<&str> = ours.path.split('/').collect();
    let mut best: Option<(usize, &Upstream)> = None;
    for up in upstream.iter().filter(|u| u.method == ours.method) {
        let theirs: Vec<&str> = up.path.split('/').collect();
        if theirs.len() != segs.len() {
            continue;
        }
        let mut score = 0;
        let ok = segs.iter().zip(&theirs).all(|(a, b)| {
            match (is_placeholder(a), is_placeholder(b)) {
                (false, false) if a == b => score += 2,
                (true, true) => score += 2,
                (false, true) => {
                    let name = &b[1..b.len() - 1];
                    let values = up.selectors.get(name).cloned().unwrap_or_default();
                    let selects = if values.is_empty() {
                        name.ends_with("_type")
                    } else {
                        values.iter().any(|v| v == a)
                    };
                    if !selects {
                        return false;
                    }
                    score += 1;
                }
                _ => return false,
            }
            true
        });
        if ok && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, up));
        }
    }
    best.map(|(_, u)| u)
}

/// The example with the generator's numeric placeholders made plausible: fractional
/// numbers truncated to integers (they also decode into `f64`). A float in a required
/// integer field would fail the decode, as it should (required fields are strict, see
/// `api-spec/README.md`, "Decoding"). Its other placeholder, the string `"{}"` for an
/// object, is left as is: optional fields decode leniently (to `None`), so those
/// examples also check that policy.
pub(crate) fn repaired(v: &Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or_default();
            Value::from(f.trunc() as i64)
        }
        Value::Array(items) => Value::Array(items.iter().map(repaired).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), repaired(v))).collect())
        }
        other => other.clone(),
    }
}

fn known_failures() -> BTreeSet<String> {
    let path = root().join("api-spec/upstream/decode-failures.txt");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn registry_lists_every_chat_operation() {
    let ours: BTreeSet<String> = our_chat_operations().into_iter().map(|o| o.id).collect();
    let listed: BTreeSet<String> = OPERATIONS.iter().map(|s| (*s).to_owned()).collect();
    let missing: Vec<&String> = ours.difference(&listed).collect();
    let extra: Vec<&String> = listed.difference(&ours).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "the registry of tests/tests/suite/conformance_examples.rs is out of date: add {missing:?} (\"chat.<group>.<op>\" => chat::<group>::<Op>Input), remove {extra:?}"
    );
}

#[test]
fn upstream_response_examples_decode_into_our_response_types() {
    let upstream = upstream_operations();
    assert!(
        !upstream.is_empty(),
        "no response example in api-spec/upstream/"
    );
    let known = known_failures();
    let mut decoded = 0;
    let mut failures: BTreeMap<String, String> = BTreeMap::new();
    for op in our_chat_operations() {
        let Some(up) = matching(&op, &upstream) else {
            continue;
        };
        if up.example.is_null() {
            continue;
        }
        // Upstream's examples come from a generator that writes `1.46...` in integer
        // fields: those placeholders are repaired first, so a failure says something
        // about our types, not about the generator.
        match decode(&op.id, &repaired(&up.example)) {
            Some(Ok(())) => decoded += 1,
            Some(Err(e)) => {
                failures.insert(op.id.clone(), format!("{e} (example of {})", up.label));
            }
            None => {}
        }
    }
    let mut report = format!(
        "{decoded} upstream response examples decode; {} don't:\n",
        failures.len()
    );
    for (id, e) in &failures {
        report.push_str(&format!("{id}  # {e}\n"));
    }
    println!("{report}");
    if let Ok(path) = std::env::var("CONFORMANCE_DECODE_REPORT") {
        std::fs::write(&path, &report).expect("the report is writable");
    }
    let new: Vec<&String> = failures.keys().filter(|id| !known.contains(*id)).collect();
    let fixed: Vec<&String> = known
        .iter()
        .filter(|id| !failures.contains_key(*id))
        .collect();
    if !fixed.is_empty() {
        println!("now decode (remove them from api-spec/upstream/decode-failures.txt): {fixed:?}");
    }
    assert!(
        new.is_empty(),
        "upstream's response examples of these operations no longer decode:\n{}",
        new.iter()
            .map(|id| format!("  {id}: {}", failures[*id]))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
