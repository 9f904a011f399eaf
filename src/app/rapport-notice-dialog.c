/* rapport-notice-dialog.c
 *
 * The dialog keeps the notice as stored in @notice and the text it last
 * put in its fields (from the store or written again in another
 * language) in @shown_subject and @shown_body: the user's edits are what
 * differs from those, and choosing another language asks before it
 * replaces them. Whatever differs from the store is written back before
 * each action and when the dialog closes. Decisions about states are in
 * rapport-schedule.c.
 */

#define G_LOG_DOMAIN "rapport-notice-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-form.h"
#include "rapport-notice-dialog.h"
#include "rapport-schedule.h"
#include "rapport-store-notices.h"
#include "rapport-window.h"

struct _RapportNoticeDialog
{
  AdwWindow          parent_instance;

  RapportContext    *context;
  gint64             notice_id;
  RapportNotice     *notice;           /* as stored; NULL when it cannot be read */
  RapportCustomer   *customer;
  RapportContract   *contract;
  GStrv              languages;        /* the tags of @language_row's items */
  guint              language_index;   /* the language of the text shown */
  char              *shown_subject;    /* the text last put in the fields */
  char              *shown_body;
  char              *shown_language;   /* the language it is written in */
  AdwMessageDialog  *confirm_dialog;
  gboolean           loading;
  gboolean           done;             /* marked sent: close without keeping */
  gboolean           close_warned;

  /* Template children */
  AdwToastOverlay   *toast_overlay;
  AdwWindowTitle    *window_title;
  AdwActionRow      *customer_row;
  AdwActionRow      *contract_row;
  AdwComboRow       *language_row;
  AdwActionRow      *state_row;
  GtkLabel          *state_chip;
  AdwEntryRow       *subject_row;
  GtkTextView       *body_view;
  GtkWidget         *mail_button;
  GtkWidget         *sent_button;
};

G_DEFINE_FINAL_TYPE (RapportNoticeDialog, rapport_notice_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_NOTICE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What Undo of Mark as Sent needs after the dialog is gone. */
typedef struct
{
  RapportStore  *store;
  GWeakRef       window;
  RapportNotice *before;
} SentUndo;

/* What a print job needs: the text, laid out once per job. */
typedef struct
{
  RapportNoticeDialog *self;
  char                *markup;
  PangoLayout         *layout;
  GArray              *page_starts;   /* int: the first line of each page */
  GArray              *page_tops;     /* int: its top, Pango units */
  gboolean             reported;      /* "done" came */
} PrintJob;

static RapportStore *
get_store (RapportNoticeDialog *self)
{
  return rapport_context_get_store (self->context);
}

static RapportNotice *
notice_copy (const RapportNotice *notice)
{
  RapportNotice *copy = rapport_notice_new ();

  copy->id = notice->id;
  copy->uid = g_strdup (notice->uid);
  copy->contract_id = notice->contract_id;
  copy->due_date = g_strdup (notice->due_date);
  copy->language = g_strdup (notice->language);
  copy->channel = notice->channel;
  copy->subject = g_strdup (notice->subject);
  copy->body = g_strdup (notice->body);
  copy->state = notice->state;
  copy->sent_at = notice->sent_at;
  copy->created = notice->created;
  copy->modified = notice->modified;
  copy->customer_id = notice->customer_id;
  copy->customer_name = g_strdup (notice->customer_name);
  copy->product = g_strdup (notice->product);
  copy->auto_renew = notice->auto_renew;

  return copy;
}

static void
sent_undo_free (gpointer  data,
                GClosure *closure)
{
  SentUndo *undo = data;

  g_clear_object (&undo->store);
  g_weak_ref_clear (&undo->window);
  g_clear_pointer (&undo->before, rapport_notice_free);
  g_free (undo);
}

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->layout);
  g_clear_pointer (&job->page_starts, g_array_unref);
  g_clear_pointer (&job->page_tops, g_array_unref);
  g_free (job->markup);
  g_free (job);
}

static void
add_toast (RapportNoticeDialog *self,
           const char          *title,
           gboolean             error)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  AdwToast *toast;

  /* Template children are gone once the dialog is disposed. */
  if (self->toast_overlay == NULL)
    return;

  toast = adw_toast_new (escaped);
  if (error)
    {
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_timeout (toast, 0);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
toast_error (RapportNoticeDialog *self,
             const char          *what,
             const GError        *error)
{
  /* Translators: "Could not keep the notice: <reason>" */
  g_autofree char *title = g_strdup_printf (_("%s: %s"), what, error->message);

  add_toast (self, title, TRUE);
}

/* Whether two language tags name the same language ("de-CH", "de"). */
static gboolean
same_language (const char *a,
               const char *b)
{
  gsize length;

  if (a == NULL || b == NULL)
    return a == b;

  length = strcspn (a, "-");

  return length == strcspn (b, "-") && g_ascii_strncasecmp (a, b, length) == 0;
}

static char *
dup_subject (RapportNoticeDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->subject_row))));
}

static char *
dup_body (RapportNoticeDialog *self)
{
  return rapport_form_dup_text (self->body_view);
}

/* The fields changed by the user since they were last filled. */
static gboolean
is_edited (RapportNoticeDialog *self)
{
  g_autofree char *subject = dup_subject (self);
  g_autofree char *body = dup_body (self);

  return g_strcmp0 (subject, self->shown_subject) != 0 || g_strcmp0 (body, self->shown_body) != 0;
}

/* What is shown differs from what is stored. */
static gboolean
differs_from_store (RapportNoticeDialog *self)
{
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;

  if (self->notice == NULL)
    return FALSE;

  subject = dup_subject (self);
  body = dup_body (self);

  return g_strcmp0 (subject, self->notice->subject) != 0 ||
         g_strcmp0 (body, self->notice->body) != 0 ||
         g_strcmp0 (self->shown_language, self->notice->language) != 0;
}

static void
show_text (RapportNoticeDialog *self,
           const char          *language,
           const char          *subject,
           const char          *body)
{
  g_free (self->shown_language);
  self->shown_language = g_strdup (language);
  g_free (self->shown_subject);
  self->shown_subject = g_strdup (subject != NULL ? subject : "");
  g_free (self->shown_body);
  self->shown_body = g_strdup (body != NULL ? body : "");

  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), self->shown_subject);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), self->shown_body, -1);
}

static guint
find_language (RapportNoticeDialog *self,
               const char          *tag)
{
  for (guint i = 0; tag != NULL && self->languages[i] != NULL; i++)
    if (g_ascii_strcasecmp (self->languages[i], tag) == 0)
      return i;

  return GTK_INVALID_LIST_POSITION;
}

static void
select_language (RapportNoticeDialog *self,
                 guint                index)
{
  gboolean loading = self->loading;

  self->loading = TRUE;
  adw_combo_row_set_selected (self->language_row, index);
  self->language_index = index;
  self->loading = loading;
}

/* The notice's language among those offered: the customer's own first
 * (rapport_notice_languages), the notice's in place of the entry with
 * the same primary language when it is not one of them. */
static void
fill_languages (RapportNoticeDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *language = self->notice->language;
  guint index;

  g_clear_pointer (&self->languages, g_strfreev);
  self->languages = rapport_notice_languages (self->customer != NULL ? self->customer->language : NULL);

  index = find_language (self, language);
  if (index == GTK_INVALID_LIST_POSITION && language != NULL && *language != '\0')
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      gsize primary = strcspn (language, "-");
      gboolean replaced = FALSE;

      for (guint i = 0; self->languages[i] != NULL; i++)
        {
          const char *tag = self->languages[i];

          if (!replaced && strcspn (tag, "-") == primary && g_ascii_strncasecmp (tag, language, primary) == 0)
            {
              g_strv_builder_add (builder, language);
              replaced = TRUE;
            }
          else
            g_strv_builder_add (builder, tag);
        }
      if (!replaced)
        {
          g_strv_builder_unref (builder);
          builder = g_strv_builder_new ();
          g_strv_builder_add (builder, language);
          g_strv_builder_addv (builder, (const char **) self->languages);
        }

      g_strfreev (self->languages);
      self->languages = g_strv_builder_end (builder);
      index = find_language (self, language);
    }

  for (guint i = 0; self->languages[i] != NULL; i++)
    {
      g_autofree char *name = rapport_language_display_name (self->languages[i]);

      gtk_string_list_append (names, name);
    }

  self->loading = TRUE;
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (names));
  self->loading = FALSE;
  select_language (self, index != GTK_INVALID_LIST_POSITION ? index : 0);
}

static void
update_view (RapportNoticeDialog *self)
{
  const char *email = self->customer != NULL ? rapport_customer_get_email (self->customer) : NULL;
  gboolean readable = self->notice != NULL;
  gboolean can_send = readable && rapport_notice_state_can_send (self->notice->state);
  g_autofree char *contract_line = NULL;

  if (self->customer != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_row), self->customer->display_name);
      adw_window_title_set_subtitle (self->window_title, self->customer->display_name);
    }
  adw_action_row_set_subtitle (self->customer_row,
                               email != NULL ? email : _("No email address"));

  if (self->contract != NULL)
    {
      g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);
      g_autofree char *ends = rapport_format_ends_in (self->contract->end_date, now);
      g_autofree char *date = rapport_format_date (self->contract->end_date);

      g_autofree char *value = NULL;

      if (self->contract->currency != NULL && self->contract->value != 0)
        value = rapport_format_money_for_language (self->contract->value, self->contract->currency,
                                                   self->customer != NULL ? self->customer->language : NULL);
      if (value != NULL)
        /* Translators: "Ends in 12 days · 14 Dec 2026 · 4.800,00 EUR" */
        contract_line = g_strdup_printf (_("%s · %s · %s"), ends != NULL ? ends : "",
                                         date != NULL ? date : "", value);
      else
        /* Translators: "Ends in 12 days · 14 Dec 2026" */
        contract_line = g_strdup_printf (_("%s · %s"), ends != NULL ? ends : "", date != NULL ? date : "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->contract_row), self->contract->product);
      adw_action_row_set_subtitle (self->contract_row, contract_line);
    }

  if (readable)
    {
      gtk_label_set_text (self->state_chip, rapport_notice_state_chip (self->notice->state));
      if (self->notice->state == RAPPORT_NOTICE_RENEWED || self->notice->state == RAPPORT_NOTICE_LAPSED)
        gtk_widget_add_css_class (GTK_WIDGET (self->state_chip), "derived");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->state_chip), "derived");

      if (self->notice->state == RAPPORT_NOTICE_SENT && self->notice->sent_at > 0)
        {
          g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);
          g_autofree char *when = rapport_format_day_time (self->notice->sent_at, now);

          /* Translators: %s is a day and time such as "Today 14:00" */
          g_autofree char *subtitle = g_strdup_printf (_("Sent %s"), when);

          adw_action_row_set_subtitle (self->state_row, subtitle);
        }
      else
        adw_action_row_set_subtitle (self->state_row, "");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "notice.open-mail", readable && email != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "notice.copy", readable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "notice.print", readable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "notice.mark-sent", can_send);
  gtk_widget_set_sensitive (GTK_WIDGET (self->language_row), readable);

  if (email != NULL)
    {
      /* Translators: %s is an email address */
      g_autofree char *tooltip = g_strdup_printf (_("Write to %s in your mail client"), email);

      gtk_widget_set_tooltip_text (self->mail_button, tooltip);
    }
  else
    gtk_widget_set_tooltip_text (self->mail_button,
                                 _("The customer has no email address. Add one on their page, or copy or print the notice."));

  if (can_send)
    gtk_widget_set_tooltip_text (self->sent_button, _("Record that the notice went out"));
  else if (readable && self->notice->state == RAPPORT_NOTICE_SENT)
    gtk_widget_set_tooltip_text (self->sent_button, _("The notice is already sent"));
  else
    gtk_widget_set_tooltip_text (self->sent_button, _("The contract is renewed or lapsed: the notice is closed"));
}

/* Reads the notice, its contract and customer again; the text shown is
 * left as it is. */
static gboolean
reload (RapportNoticeDialog *self,
        GError             **error)
{
  RapportStore *store = get_store (self);
  g_autoptr(RapportNotice) notice = NULL;
  g_autoptr(RapportContract) contract = NULL;
  g_autoptr(RapportCustomer) customer = NULL;

  if (!(notice = rapport_store_get_notice (store, self->notice_id, error)) ||
      !(contract = rapport_store_get_contract (store, notice->contract_id, error)) ||
      !(customer = rapport_store_get_customer (store, contract->customer_id, error)))
    {
      g_clear_pointer (&self->notice, rapport_notice_free);
      return FALSE;
    }

  g_clear_pointer (&self->notice, rapport_notice_free);
  self->notice = g_steal_pointer (&notice);
  g_clear_pointer (&self->contract, rapport_contract_free);
  self->contract = g_steal_pointer (&contract);
  g_clear_pointer (&self->customer, rapport_customer_free);
  self->customer = g_steal_pointer (&customer);

  return TRUE;
}

/* Writes what the fields hold to the store, with the state @state;
 * nothing when that is what is stored already. */
static gboolean
keep (RapportNoticeDialog *self,
      RapportNoticeState   state,
      GError             **error)
{
  g_autoptr(RapportNotice) notice = NULL;

  g_return_val_if_fail (self->notice != NULL, FALSE);

  if (!differs_from_store (self) && state == self->notice->state)
    return TRUE;

  notice = notice_copy (self->notice);
  g_free (notice->subject);
  notice->subject = dup_subject (self);
  g_free (notice->body);
  notice->body = dup_body (self);
  g_free (notice->language);
  notice->language = g_strdup (self->shown_language);
  notice->state = state;

  if (!rapport_store_update_notice (get_store (self), notice, error))
    return FALSE;

  g_clear_pointer (&self->notice, rapport_notice_free);
  self->notice = g_steal_pointer (&notice);
  update_view (self);

  return TRUE;
}

/* After the notice was handed on: a due notice is now prepared. */
static void
keep_prepared (RapportNoticeDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!keep (self, rapport_notice_state_after_prepare (self->notice->state), &error))
    toast_error (self, _("Could not keep the notice"), error);
}

/* Writes the notice again in the language at @index. */
static void
render_language (RapportNoticeDialog *self,
                 guint                index)
{
  RapportNoticeTextOptions options = { NULL };
  g_auto(RapportNoticeText) text = { NULL };
  g_autoptr(GError) error = NULL;
  const char *wanted = self->languages[index];
  guint written;

  options.language = wanted;
  if (!rapport_store_render_notice (get_store (self), self->notice_id, &options, &text, &error))
    {
      toast_error (self, _("Could not write the notice in that language"), error);
      select_language (self, self->language_index);
      return;
    }

  show_text (self, text.language, text.subject, text.body);

  /* A language without a complete translation falls back: say so, and
   * show the language it is written in. */
  written = find_language (self, text.language);
  if (!same_language (text.language, wanted))
    {
      g_autofree char *wanted_name = rapport_language_display_name (wanted);
      g_autofree char *written_name = rapport_language_display_name (text.language);
      /* Translators: both are language names */
      g_autofree char *message = g_strdup_printf (_("No notice text in %s yet: it is written in %s"),
                                                  wanted_name, written_name);

      add_toast (self, message, FALSE);
    }

  select_language (self, written != GTK_INVALID_LIST_POSITION ? written : index);
}

static void
replace_response_cb (RapportNoticeDialog *self,
                     const char          *response,
                     AdwMessageDialog    *dialog)
{
  guint wanted = adw_combo_row_get_selected (self->language_row);

  self->confirm_dialog = NULL;

  if (g_strcmp0 (response, "replace") == 0)
    render_language (self, wanted);
  else
    select_language (self, self->language_index);
}

static void
language_changed_cb (RapportNoticeDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->language_row);
  GtkWidget *dialog;

  if (self->loading || self->notice == NULL || selected == GTK_INVALID_LIST_POSITION ||
      selected == self->language_index || self->confirm_dialog != NULL)
    return;

  if (!is_edited (self))
    {
      render_language (self, selected);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Replace Your Changes?"),
                                   _("The notice is written again in the language chosen. Your changes to its text are lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "replace", _("_Replace"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (replace_response_cb), self, G_CONNECT_SWAPPED);

  self->confirm_dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
store_changed_cb (RapportNoticeDialog *self,
                  guint                entity,
                  guint                change,
                  gint64               id,
                  RapportStore        *store)
{
  g_autoptr(GError) error = NULL;

  if (self->done ||
      !((entity == RAPPORT_ENTITY_NOTICE && id == self->notice_id) ||
        entity == RAPPORT_ENTITY_CONTRACT || entity == RAPPORT_ENTITY_CUSTOMER ||
        entity == RAPPORT_ENTITY_ALL))
    return;

  /* The text shown stays: it may hold edits. */
  if (!reload (self, &error))
    toast_error (self, _("The notice cannot be read any more"), error);
  update_view (self);
}

static void
show_uri_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RapportNoticeDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast_error (self, _("Could not open the mail client"), error);
}

static void
open_mail_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RapportNoticeDialog *self = RAPPORT_NOTICE_DIALOG (widget);
  const char *email = rapport_customer_get_email (self->customer);
  g_autofree char *subject = dup_subject (self);
  g_autofree char *body = dup_body (self);
  g_autofree char *uri = NULL;

  if (email == NULL)
    {
      add_toast (self, _("The customer has no email address"), TRUE);
      return;
    }

  uri = rapport_notice_mailto (email, subject, body);
  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL, show_uri_cb, g_object_ref (self));

  keep_prepared (self);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportNoticeDialog *self = RAPPORT_NOTICE_DIALOG (widget);
  g_autofree char *subject = dup_subject (self);
  g_autofree char *body = dup_body (self);
  g_autofree char *text = g_strdup_printf ("%s\n\n%s", subject, body);
  g_autoptr(GError) error = NULL;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);

  if (!keep (self, rapport_notice_state_after_prepare (self->notice->state), &error))
    toast_error (self, _("Copied, but the notice could not be kept"), error);
  else
    /* Translators: the notice is on the clipboard */
    add_toast (self, _("Copied"), FALSE);
}

/* Printing: the subject in bold, a blank line, the text; lines are
 * broken to the page width and the lines to pages. */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 11");
  double page_height = gtk_print_context_get_height (context) * PANGO_SCALE;
  PangoLayoutIter *iter;
  int page_top = 0;
  int line = 0;

  g_clear_object (&job->layout);
  job->layout = gtk_print_context_create_pango_layout (context);
  pango_layout_set_font_description (job->layout, font);
  pango_layout_set_width (job->layout, (int) (gtk_print_context_get_width (context) * PANGO_SCALE));
  pango_layout_set_wrap (job->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup (job->layout, job->markup, -1);

  g_array_set_size (job->page_starts, 0);
  g_array_set_size (job->page_tops, 0);
  g_array_append_val (job->page_starts, line);
  g_array_append_val (job->page_tops, page_top);

  iter = pango_layout_get_iter (job->layout);
  do
    {
      PangoRectangle logical;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      if (line > 0 && logical.y + logical.height - page_top > page_height)
        {
          page_top = logical.y;
          g_array_append_val (job->page_starts, line);
          g_array_append_val (job->page_tops, page_top);
        }
      line++;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  gtk_print_operation_set_n_pages (operation, job->page_starts->len);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  int first = g_array_index (job->page_starts, int, page_nr);
  int end = (guint) page_nr + 1 < job->page_starts->len ? g_array_index (job->page_starts, int, page_nr + 1) : G_MAXINT;
  int page_top = g_array_index (job->page_tops, int, page_nr);
  PangoLayoutIter *iter = pango_layout_get_iter (job->layout);
  int line = 0;

  cairo_set_source_rgb (cr, 0, 0, 0);

  do
    {
      if (line >= first && line < end)
        {
          PangoRectangle logical;
          int baseline = pango_layout_iter_get_baseline (iter);

          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          cairo_move_to (cr, (double) logical.x / PANGO_SCALE, (double) (baseline - page_top) / PANGO_SCALE);
          pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
        }
      line++;
    }
  while (line < end && pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               PrintJob                *job)
{
  RapportNoticeDialog *self = job->self;
  g_autoptr(GError) error = NULL;

  job->reported = TRUE;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        toast_error (self, _("Could not print the notice"), error);
      else
        add_toast (self, _("Could not print the notice"), TRUE);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY && self->notice != NULL && self->toast_overlay != NULL)
    keep_prepared (self);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RapportNoticeDialog *self = RAPPORT_NOTICE_DIALOG (widget);
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autofree char *subject = dup_subject (self);
  g_autofree char *body = dup_body (self);
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;
  PrintJob *job = g_new0 (PrintJob, 1);

  job->self = g_object_ref (self);
  job->markup = g_markup_printf_escaped ("<b>%s</b>\n\n%s", subject, body);
  job->page_starts = g_array_new (FALSE, FALSE, sizeof (int));
  job->page_tops = g_array_new (FALSE, FALSE, sizeof (int));
  g_object_set_data_full (G_OBJECT (operation), "rapport-print-job", job, (GDestroyNotify) print_job_free);

  gtk_print_operation_set_job_name (operation, subject);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), job);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_WINDOW (self), &error);
  /* An error before the job started comes without "done". */
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && !job->reported)
    toast_error (self, _("Could not print the notice"), error);
}

static void
sent_undo_cb (AdwToast *toast,
              SentUndo *undo)
{
  g_autoptr(RapportNotice) notice = notice_copy (undo->before);
  g_autoptr(GError) error = NULL;

  if (!rapport_store_update_notice (undo->store, notice, &error))
    {
      g_autoptr(GtkRoot) root = g_weak_ref_get (&undo->window);

      rapport_window_toast_error (root, _("Could not undo the change"), error);
    }
}

static void
mark_sent_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RapportNoticeDialog *self = RAPPORT_NOTICE_DIALOG (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;
  SentUndo *undo;

  /* The text as it went out is kept with the notice (edited: prepared);
   * Undo takes back the state only. */
  if (!keep (self,
             differs_from_store (self) ? rapport_notice_state_after_prepare (self->notice->state)
                                       : self->notice->state,
             &error))
    {
      toast_error (self, _("Could not keep the notice"), error);
      return;
    }

  undo = g_new0 (SentUndo, 1);
  undo->store = g_object_ref (get_store (self));
  g_weak_ref_init (&undo->window, parent);
  undo->before = notice_copy (self->notice);

  if (!rapport_store_set_notice_state (get_store (self), self->notice_id, RAPPORT_NOTICE_SENT, &error))
    {
      sent_undo_free (undo, NULL);
      toast_error (self, _("Could not mark the notice sent"), error);
      return;
    }

  /* Translators: %s is a customer's name */
  title = g_markup_printf_escaped (_("Notice to %s marked sent"),
                                   self->customer != NULL ? self->customer->display_name : "");
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (sent_undo_cb), undo, sent_undo_free, 0);
  rapport_window_toast_for (parent != NULL ? GTK_ROOT (parent) : NULL, toast);

  self->done = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
rapport_notice_dialog_close_request (GtkWindow *window)
{
  RapportNoticeDialog *self = RAPPORT_NOTICE_DIALOG (window);
  g_autoptr(GError) error = NULL;

  /* Edits are kept: a due notice with edited text is prepared. */
  if (!self->done && self->notice != NULL && differs_from_store (self) &&
      !keep (self, rapport_notice_state_after_prepare (self->notice->state), &error) &&
      !self->close_warned)
    {
      g_autofree char *title = g_strdup_printf (_("Your changes could not be kept: %s. Close again to discard them."),
                                                error->message);

      add_toast (self, title, TRUE);
      self->close_warned = TRUE;
      return TRUE;
    }

  return GTK_WINDOW_CLASS (rapport_notice_dialog_parent_class)->close_request (window);
}

static void
rapport_notice_dialog_constructed (GObject *object)
{
  RapportNoticeDialog *self = RAPPORT_NOTICE_DIALOG (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (rapport_notice_dialog_parent_class)->constructed (object);

  g_assert (RAPPORT_IS_CONTEXT (self->context));

  if (reload (self, &error))
    {
      fill_languages (self);
      show_text (self, self->notice->language, self->notice->subject, self->notice->body);
    }
  else
    toast_error (self, _("Could not open the notice"), error);

  update_view (self);

  g_signal_connect_object (get_store (self), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
rapport_notice_dialog_dispose (GObject *object)
{
  RapportNoticeDialog *self = RAPPORT_NOTICE_DIALOG (object);

  if (self->confirm_dialog != NULL)
    {
      AdwMessageDialog *dialog = g_steal_pointer (&self->confirm_dialog);

      g_signal_handlers_disconnect_by_data (dialog, self);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_NOTICE_DIALOG);

  G_OBJECT_CLASS (rapport_notice_dialog_parent_class)->dispose (object);
}

static void
rapport_notice_dialog_finalize (GObject *object)
{
  RapportNoticeDialog *self = RAPPORT_NOTICE_DIALOG (object);

  g_clear_pointer (&self->notice, rapport_notice_free);
  g_clear_pointer (&self->contract, rapport_contract_free);
  g_clear_pointer (&self->customer, rapport_customer_free);
  g_clear_pointer (&self->languages, g_strfreev);
  g_clear_pointer (&self->shown_subject, g_free);
  g_clear_pointer (&self->shown_body, g_free);
  g_clear_pointer (&self->shown_language, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rapport_notice_dialog_parent_class)->finalize (object);
}

static void
rapport_notice_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RapportNoticeDialog *self = RAPPORT_NOTICE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_NOTICE_ID:
      g_value_set_int64 (value, self->notice_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_notice_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RapportNoticeDialog *self = RAPPORT_NOTICE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_NOTICE_ID:
      self->notice_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_notice_dialog_class_init (RapportNoticeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = rapport_notice_dialog_constructed;
  object_class->dispose = rapport_notice_dialog_dispose;
  object_class->finalize = rapport_notice_dialog_finalize;
  object_class->get_property = rapport_notice_dialog_get_property;
  object_class->set_property = rapport_notice_dialog_set_property;

  window_class->close_request = rapport_notice_dialog_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RAPPORT_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NOTICE_ID] =
    g_param_spec_int64 ("notice-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rapportcrm/Rapport/rapport-notice-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportNoticeDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RapportNoticeDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RapportNoticeDialog, customer_row);
  gtk_widget_class_bind_template_child (widget_class, RapportNoticeDialog, contract_row);
  gtk_widget_class_bind_template_child (widget_class, RapportNoticeDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, RapportNoticeDialog, state_row);
  gtk_widget_class_bind_template_child (widget_class, RapportNoticeDialog, state_chip);
  gtk_widget_class_bind_template_child (widget_class, RapportNoticeDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, RapportNoticeDialog, body_view);
  gtk_widget_class_bind_template_child (widget_class, RapportNoticeDialog, mail_button);
  gtk_widget_class_bind_template_child (widget_class, RapportNoticeDialog, sent_button);
  gtk_widget_class_bind_template_callback (widget_class, language_changed_cb);

  gtk_widget_class_install_action (widget_class, "notice.open-mail", NULL, open_mail_action);
  gtk_widget_class_install_action (widget_class, "notice.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "notice.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "notice.mark-sent", NULL, mark_sent_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "notice.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_notice_dialog_init (RapportNoticeDialog *self)
{
  self->language_index = GTK_INVALID_LIST_POSITION;

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
rapport_notice_dialog_new (GtkWindow      *parent,
                           RapportContext *context,
                           gint64          notice_id)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (notice_id > 0, NULL);

  return g_object_new (RAPPORT_TYPE_NOTICE_DIALOG,
                       "context", context,
                       "notice-id", notice_id,
                       "transient-for", parent,
                       NULL);
}
