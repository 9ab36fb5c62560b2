/* Consultation notes: unsaved text survives a reload or a closed tab.
 *
 * Every change of the note editor's text is copied into a dcc.Store kept in the browser's
 * local storage, under one key per meeting and note ("m12-n345", "m12-nnew"), with the
 * version the edit started from. Text equal to what is saved (or empty) removes the key; a
 * successful save removes it on the server side. Nothing here talks to the network.
 */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.notesDrafts = {
    keep: function (text, kind, mentor, editing, drafts) {
        const noUpdate = window.dash_clientside.no_update;
        if (!editing || !editing.meeting_id) {
            return noUpdate;
        }
        const key = "m" + editing.meeting_id + "-n" + (editing.note_id || "new");
        const next = Object.assign({}, drafts || {});
        const original = editing.original || "";
        if (!text || !String(text).trim() || text === original) {
            if (!(key in next)) {
                return noUpdate;
            }
            delete next[key];
            return next;
        }
        next[key] = {
            text: String(text).slice(0, 8000),
            kind: kind || null,
            mentor_id: mentor || null,
            version: editing.version || null,
            saved_at: new Date().toISOString()
        };
        // Keep the 50 most recent drafts: local storage is small and shared by the site.
        const keys = Object.keys(next);
        if (keys.length > 50) {
            keys.sort(function (a, b) {
                return String(next[a].saved_at).localeCompare(String(next[b].saved_at));
            });
            keys.slice(0, keys.length - 50).forEach(function (old) { delete next[old]; });
        }
        return next;
    }
};
