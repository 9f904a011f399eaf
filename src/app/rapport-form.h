/* rapport-form.h
 *
 * Small pieces every form in the window uses: an inline field error that
 * screen readers hear too, and the text of a multi-line field.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Shows @message under @field (in @error_label inside @error_row, which
 * may be NULL when the label stands alone), marks the field invalid for
 * assistive technology and styles it; NULL clears all of that. */
void  rapport_form_set_field_error (GtkWidget         *field,
                                    AdwPreferencesRow *error_row,
                                    GtkLabel          *error_label,
                                    const char        *message);
/* The same place with @error, or else with @note: a remark that does not
 * stop the form (a value kept as another app wrote it), styled as a
 * warning and read out as the field's description. */
void  rapport_form_set_field_message (GtkWidget         *field,
                                      AdwPreferencesRow *message_row,
                                      GtkLabel          *message_label,
                                      const char        *error,
                                      const char        *note);
/* The whole text of @view. */
char *rapport_form_dup_text        (GtkTextView       *view);

G_END_DECLS
