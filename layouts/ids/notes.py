"""Ids of the Consultation notes page (and the pattern-matching ids of its per-note buttons)."""

from __future__ import annotations


class NotesIds:
    """The Consultation notes page."""

    HEADING = "notes-heading"
    QUERY = "notes-query"
    ALERT = "notes-alert"
    LOCATION = "notes-location"
    REFRESH = "notes-refresh"

    # Meetings: month picker, the list, creating one.
    MONTH = "notes-month"
    MEETING_LIST = "notes-meeting-list"
    MEETING_LIST_MORE = "notes-meeting-list-more"
    NEW_SITE = "notes-new-site"
    NEW_MONTH = "notes-new-month"
    NEW_HELD_ON = "notes-new-held-on"
    NEW_CREATE = "notes-new-create"
    NEW_FEEDBACK = "notes-new-feedback"

    # One meeting.
    MEETING_PANEL = "notes-meeting-panel"
    MEETING_TITLE = "notes-meeting-title"
    ATTENDEES = "notes-attendees"
    ATTENDEES_SAVE = "notes-attendees-save"
    ATTENDEES_FEEDBACK = "notes-attendees-feedback"
    CARRIED = "notes-carried-over"
    NOTE_LIST = "notes-note-list"
    NOTE_STATUS = "notes-note-status"
    UNDO = "notes-undo"
    UNDO_NOTE = "notes-undo-note"
    HISTORY = "notes-history"
    CLEARING = "notes-clearing"  # the panel where a note is cleared for the room
    CLEAR_TARGET = "notes-clear-target"  # which note (and version) the panel shows
    CLEAR_CONFIRM = "notes-clear-confirm"
    CLEAR_CLOSE = "notes-clear-close"

    # The editor.
    EDITOR = "notes-editor"
    EDITOR_TITLE = "notes-editor-title"
    EDITING = "notes-editing"
    NEW_NOTE = "notes-new-note"
    KIND = "notes-kind"
    MENTOR = "notes-mentor"
    TEXT = "notes-text"
    OWNER = "notes-owner"
    DUE = "notes-due"
    STATUS = "notes-status"
    ROOM = "notes-room"
    ACTION_FIELDS = "notes-action-fields"
    ROOM_FIELD = "notes-room-field"
    SAVE = "notes-save"
    SAVE_FEEDBACK = "notes-save-feedback"
    KIND_ERROR = "notes-kind-error"
    MENTOR_ERROR = "notes-mentor-error"
    TEXT_ERROR = "notes-text-error"
    OWNER_ERROR = "notes-owner-error"
    CONFLICT = "notes-conflict"
    CONFLICT_CONTINUE = "notes-conflict-continue"
    CONFLICT_VERSION = "notes-conflict-version"
    DRAFTS = "notes-drafts"
    DRAFT_NOTICE = "notes-draft-notice"

    # Suggested agenda.
    SUGGEST = "notes-suggest"
    SUGGESTIONS = "notes-suggestions"
    SUGGESTION_STORE = "notes-suggestion-store"
    SUGGEST_FEEDBACK = "notes-suggest-feedback"

    # Search.
    SEARCH_TEXT = "notes-search-text"
    SEARCH_BUTTON = "notes-search-button"
    SEARCH_RESULTS = "notes-search-results"

    # Charts and their captions.
    ATTENDANCE_GRAPH = "notes-attendance-graph"
    ATTENDANCE_CAPTION = "notes-attendance-caption"
    STRENGTHS_GRAPH = "notes-strengths-graph"
    STRENGTHS_CAPTION = "notes-strengths-caption"
    ACTIONS_GRAPH = "notes-actions-graph"
    ACTIONS_CAPTION = "notes-actions-caption"

    # Pattern-matching id types: {"type": ..., "index": note id or suggestion number}.
    EDIT_BUTTON = "notes-edit-button"
    DELETE_BUTTON = "notes-delete-button"
    HISTORY_BUTTON = "notes-history-button"
    CLEAR_BUTTON = "notes-clear-button"
    SUGGESTION_TEXT = "notes-suggestion-text"
    SUGGESTION_ACCEPT = "notes-suggestion-accept"
    SUGGESTION_DROP = "notes-suggestion-drop"
    CARRIED_DONE = "notes-carried-done"
