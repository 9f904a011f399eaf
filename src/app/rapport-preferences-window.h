/* rapport-preferences-window.h
 *
 * The Preferences window: business details stored with the data (business
 * and owner name, default language), and the user's own settings in
 * GSettings (default notice period, working hours, reminders, the
 * "recorded by" name). Edits are saved as they are made; a value that is
 * not valid is shown as such and keeps the window open until it is fixed
 * or cleared.
 */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_PREFERENCES_WINDOW (rapport_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (RapportPreferencesWindow, rapport_preferences_window, RAPPORT, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWindow *rapport_preferences_window_new        (GtkWindow      *parent,
                                                  RapportContext *context);

/* A time of day as typed, "9", "09:00", "9.30" or "17:30", as minutes
 * after midnight in @minutes; "24:00" is 1440. FALSE for anything else. */
gboolean   rapport_preferences_parse_time        (const char     *text,
                                                  int            *minutes);

G_END_DECLS
