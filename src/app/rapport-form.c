/* rapport-form.c */

#define G_LOG_DOMAIN "rapport-form"

#include "config.h"

#include "rapport-form.h"

void
rapport_form_set_field_message (GtkWidget         *field,
                                AdwPreferencesRow *message_row,
                                GtkLabel          *message_label,
                                const char        *error,
                                const char        *note)
{
  const char *message = error != NULL ? error : note;

  if (error != NULL)
    gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                                 GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                 -1);
  else
    gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);

  if (message != NULL)
    {
      gtk_label_set_text (message_label, message);
      gtk_accessible_update_property (GTK_ACCESSIBLE (field),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  /* The label is styled with its field: red for an error, amber for a
   * note. */
  if (error != NULL)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_widget_remove_css_class (field, "warning");
      gtk_widget_add_css_class (GTK_WIDGET (message_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (message_label), "warning");
    }
  else if (note != NULL)
    {
      gtk_widget_remove_css_class (field, "error");
      gtk_widget_add_css_class (field, "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (message_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (message_label), "warning");
    }
  else
    {
      gtk_widget_remove_css_class (field, "error");
      gtk_widget_remove_css_class (field, "warning");
    }

  if (message_row != NULL)
    gtk_widget_set_visible (GTK_WIDGET (message_row), message != NULL);
}

void
rapport_form_set_field_error (GtkWidget         *field,
                              AdwPreferencesRow *error_row,
                              GtkLabel          *error_label,
                              const char        *message)
{
  rapport_form_set_field_message (field, error_row, error_label, message, NULL);
}

char *
rapport_form_dup_text (GtkTextView *view)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (GTK_IS_TEXT_VIEW (view), NULL);

  buffer = gtk_text_view_get_buffer (view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
