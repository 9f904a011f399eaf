/* rapport-renewals-view.c
 *
 * Each reload first prepares the notices that fell due today
 * (rapport_store_process_renewals), so every contract listed has its
 * notice; the row shows the notice's state and opens it. A contract
 * marked renewed, extended or lapsed closes its notice too (renewed or
 * lapsed), and Undo puts back both.
 */

#define G_LOG_DOMAIN "rapport-renewals-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-contract-dialog.h"
#include "rapport-notice-dialog.h"
#include "rapport-renewals-view.h"
#include "rapport-schedule.h"
#include "rapport-section.h"
#include "rapport-store-notices.h"
#include "rapport-window.h"

struct _RapportRenewalsView
{
  GtkWidget          parent_instance;

  RapportContext    *context;
  gboolean           narrow;
  GHashTable        *listed;          /* id -> RapportContract, the rows shown */
  GHashTable        *notices;         /* contract id -> RapportNotice, its latest */
  guint              reload_id;
  guint              next_day_id;
  gboolean           dirty;
  gboolean           processing;      /* preparing notices: their changes are ours */

  AdwWindowTitle    *title;
  GtkStack          *stack;
  GtkScrolledWindow *scrolled_window;
  GtkListBox        *list;
};

static void queue_reload (RapportRenewalsView *self);

G_DEFINE_FINAL_TYPE (RapportRenewalsView, rapport_renewals_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What an Undo needs after the view may be gone: the store outlives it. */
typedef struct
{
  RapportStore    *store;
  GWeakRef         window;
  RapportContract *before;   /* the contract as it was */
  RapportNotice   *notice;   /* its notice as it was, or NULL */
} Undo;

static void
undo_free (gpointer  data,
           GClosure *closure)
{
  Undo *undo = data;

  g_clear_object (&undo->store);
  g_weak_ref_clear (&undo->window);
  g_clear_pointer (&undo->before, rapport_contract_free);
  g_clear_pointer (&undo->notice, rapport_notice_free);
  g_free (undo);
}

static void
undo_cb (AdwToast *toast,
         Undo     *undo)
{
  g_autoptr(RapportContract) contract = rapport_contract_copy (undo->before);
  g_autoptr(GError) error = NULL;

  /* The notice first: written as it was, it does not touch the contract. */
  if ((undo->notice != NULL && !rapport_store_update_notice (undo->store, undo->notice, &error)) ||
      !rapport_store_update_contract (undo->store, contract, &error))
    {
      g_autoptr(GtkRoot) root = g_weak_ref_get (&undo->window);

      rapport_window_toast_error (root, _("Could not undo the change"), error);
    }
}

static const RapportContract *
lookup (RapportRenewalsView *self,
        gint64               id)
{
  return g_hash_table_lookup (self->listed, &id);
}

static const RapportNotice *
lookup_notice (RapportRenewalsView *self,
               gint64               contract_id)
{
  return g_hash_table_lookup (self->notices, &contract_id);
}

static gboolean
customer_link_cb (GtkLabel   *label,
                  const char *uri,
                  gpointer    user_data)
{
  gint64 customer_id;

  if (!g_str_has_prefix (uri, "customer:"))
    return FALSE;

  customer_id = g_ascii_strtoll (uri + strlen ("customer:"), NULL, 10);
  gtk_widget_activate_action (GTK_WIDGET (label), "renewal.open-customer", "x", customer_id);

  return TRUE;
}

/* Menus are made when first opened. */
static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  RapportRenewalsView *self = RAPPORT_RENEWALS_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                               RAPPORT_TYPE_RENEWALS_VIEW));
  const RapportContract *contract = lookup (self, *(gint64 *) user_data);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) outcome = g_menu_new ();
  g_autoptr(GMenu) open = g_menu_new ();

  if (contract == NULL)
    return;

  rapport_section_menu_append (outcome, _("Mark _Renewed"), "renewal.renewed", contract->id);
  rapport_section_menu_append (outcome, _("_Extend by a Year"), "renewal.extend", contract->id);
  rapport_section_menu_append (outcome, _("Mark _Lapsed"), "renewal.lapsed", contract->id);
  rapport_section_menu_append (open, _("_Open Customer"), "renewal.open-customer", contract->customer_id);
  rapport_section_menu_append (open, _("Edit _Contract…"), "renewal.edit", contract->id);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (outcome));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (open));

  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static GtkWidget *
chip_new (const char *text)
{
  GtkWidget *chip = gtk_label_new (text);

  gtk_widget_add_css_class (chip, "type-chip");
  gtk_widget_set_valign (chip, GTK_ALIGN_CENTER);

  return chip;
}

static GtkWidget *
line_label_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);

  return label;
}

static GtkWidget *
renewal_row_new (const RapportContract *contract,
                 const RapportNotice   *notice,
                 const char            *language,
                 GDateTime             *now)
{
  RapportRenewalSummary summary;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *texts;
  GtkWidget *customer;
  GtkWidget *ends;
  GtkWidget *details;
  GtkWidget *chips;
  GtkWidget *menu;
  GtkWidget *open;
  g_autofree char *markup = NULL;
  g_autoptr(GString) ends_text = g_string_new (NULL);
  g_autoptr(GString) details_text = g_string_new (NULL);
  gint64 id = contract->id;

  rapport_renewal_summary_compute (contract, language, now, &summary);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), texts);

  gtk_box_append (GTK_BOX (texts), line_label_new (contract->product));

  /* The customer is a link: Tab reaches it, Enter or a click opens them. */
  markup = g_markup_printf_escaped ("<a href=\"customer:%" G_GINT64_FORMAT "\" title=\"%s\">%s</a>",
                                    contract->customer_id, _("Open Customer"),
                                    contract->customer_name != NULL ? contract->customer_name : "");
  customer = line_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (customer), markup);
  g_signal_connect (customer, "activate-link", G_CALLBACK (customer_link_cb), NULL);
  gtk_box_append (GTK_BOX (texts), customer);

  if (summary.ends != NULL)
    g_string_append (ends_text, summary.ends);
  if (summary.end_date != NULL)
    {
      if (ends_text->len > 0)
        /* Translators: separates the parts of a line, "Ends in 12 days · 14 Dec 2026" */
        g_string_append (ends_text, _(" · "));
      g_string_append (ends_text, summary.end_date);
    }
  ends = line_label_new (ends_text->str);
  gtk_widget_add_css_class (ends, "caption");
  if (summary.ended)
    gtk_widget_add_css_class (ends, "error");
  else if (summary.soon)
    gtk_widget_add_css_class (ends, "warning");
  else
    gtk_widget_add_css_class (ends, "dim-label");
  gtk_box_append (GTK_BOX (texts), ends);

  if (summary.value != NULL)
    g_string_append (details_text, summary.value);
  if (summary.language != NULL)
    {
      if (details_text->len > 0)
        g_string_append (details_text, _(" · "));
      g_string_append (details_text, summary.language);
    }
  details = line_label_new (details_text->str);
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_box_append (GTK_BOX (texts), details);

  chips = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (chips, 4);
  /* The notice's state says what is left to do; without a notice (it
   * could not be prepared) the contract's. */
  gtk_box_append (GTK_BOX (chips), chip_new (notice != NULL ? rapport_notice_state_chip (notice->state)
                                                            : summary.state));
  if (contract->auto_renew)
    gtk_box_append (GTK_BOX (chips), chip_new (_("Renews automatically")));
  gtk_box_append (GTK_BOX (texts), chips);

  if (notice != NULL)
    {
      g_autofree char *label = NULL;

      open = gtk_button_new_with_mnemonic (_("Open _Notice"));
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      /* Translators: %s is the contract's product or service */
      label = g_strdup_printf (_("Open the Renewal Notice for “%s”"), contract->product);
      gtk_widget_set_tooltip_text (open, label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "renewal.open-notice");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "x", notice->id);
      gtk_box_append (GTK_BOX (box), open);
    }

  menu = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "view-more-symbolic");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (menu), create_menu_cb,
                                         g_memdup2 (&id, sizeof id), g_free);
  gtk_widget_set_tooltip_text (menu, _("Renewal Actions"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Renewal Actions"),
                                  -1);
  gtk_widget_set_valign (menu, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu, "flat");
  gtk_box_append (GTK_BOX (box), menu);

  rapport_renewal_summary_clear (&summary);

  return row;
}

/* The contract's notice for its current term, else its latest; NULL
 * when it has none. */
static RapportNotice *
latest_notice (RapportStore          *store,
               const RapportContract *contract)
{
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  char notice_date[11];

  if (!(notices = rapport_store_list_notices (store, contract->id, &error)))
    {
      g_warning ("Could not list the notices of contract %" G_GINT64_FORMAT ": %s",
                 contract->id, error->message);
      return NULL;
    }

  if (notices->len == 0)
    return NULL;

  rapport_contract_get_notice_date (contract, notice_date);
  for (guint i = 0; i < notices->len; i++)
    {
      RapportNotice *notice = g_ptr_array_index (notices, i);

      if (g_strcmp0 (notice->due_date, notice_date) == 0)
        return g_ptr_array_steal_index (notices, i);
    }

  /* Sorted by due date: the last is the latest. */
  return g_ptr_array_steal_index (notices, notices->len - 1);
}

static gboolean
next_day_cb (gpointer user_data)
{
  RapportRenewalsView *self = user_data;

  self->next_day_id = 0;
  queue_reload (self);

  return G_SOURCE_REMOVE;
}

static void
reload (RapportRenewalsView *self)
{
  RapportStore *store = rapport_context_get_store (self->context);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);
  g_autoptr(GHashTable) languages = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) contracts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  double scroll = gtk_adjustment_get_value (adjustment);
  gint64 next_day;

  self->dirty = FALSE;
  g_hash_table_remove_all (self->listed);
  g_hash_table_remove_all (self->notices);
  rapport_section_clear_list (self->list);

  /* Notices that fell due since the last look, rendered in the
   * customer's language with the business's settings. */
  self->processing = TRUE;
  if (!rapport_store_process_renewals (store, today, NULL, NULL, &error))
    {
      rapport_window_toast_error (gtk_widget_get_root (GTK_WIDGET (self)),
                                  _("Could not prepare the renewal notices"), error);
      g_clear_error (&error);
    }
  self->processing = FALSE;

  if (!(contracts = rapport_store_list_renewals_due (store, today, &error)))
    {
      g_warning ("Could not list the renewals due: %s", error->message);
      contracts = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_contract_free);
    }

  for (guint i = 0; i < contracts->len; i++)
    {
      const RapportContract *contract = g_ptr_array_index (contracts, i);
      RapportContract *copy = rapport_contract_copy (contract);
      RapportNotice *notice;
      const char *language;

      /* Renewals due are few; one customer lookup each, at most. */
      if (!g_hash_table_lookup_extended (languages, &contract->customer_id, NULL, (gpointer *) &language))
        {
          g_autoptr(RapportCustomer) customer = rapport_store_get_customer (store, contract->customer_id, NULL);

          language = customer != NULL ? g_strdup (customer->language) : NULL;
          g_hash_table_insert (languages, g_memdup2 (&contract->customer_id, sizeof (gint64)), (char *) language);
        }

      notice = latest_notice (store, contract);
      gtk_list_box_append (self->list, renewal_row_new (contract, notice, language, now));
      g_hash_table_insert (self->listed, &copy->id, copy);
      if (notice != NULL)
        g_hash_table_insert (self->notices, g_memdup2 (&contract->id, sizeof (gint64)), notice);
    }

  if (contracts->len > 0)
    {
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u due", "%u due", contracts->len),
                                                   contracts->len);

      adw_window_title_set_subtitle (self->title, subtitle);
      gtk_stack_set_visible_child_name (self->stack, "list");
    }
  else
    {
      adw_window_title_set_subtitle (self->title, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }

  gtk_adjustment_set_value (adjustment, scroll);

  /* Notices fall due by the day; waking from suspend or a changed clock
   * is caught within ten minutes. */
  next_day = rapport_due_next_change (now, 0);
  g_clear_handle_id (&self->next_day_id, g_source_remove);
  self->next_day_id = g_timeout_add_seconds (CLAMP (next_day - g_date_time_to_unix (now) + 1, 1, 600),
                                             next_day_cb, self);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  RapportRenewalsView *self = user_data;

  self->reload_id = 0;
  reload (self);

  return G_SOURCE_REMOVE;
}

static void
queue_reload (RapportRenewalsView *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }

  if (self->reload_id == 0)
    self->reload_id = g_idle_add (reload_idle_cb, self);
}

static void
store_changed_cb (RapportRenewalsView *self,
                  guint                entity,
                  guint                change,
                  gint64               id,
                  RapportStore        *store)
{
  if (self->processing)
    return;

  if (entity == RAPPORT_ENTITY_CONTRACT ||
      entity == RAPPORT_ENTITY_NOTICE ||
      entity == RAPPORT_ENTITY_CUSTOMER ||
      entity == RAPPORT_ENTITY_SETTING ||
      entity == RAPPORT_ENTITY_ALL)
    queue_reload (self);
}

/* Writes @contract changed by the caller from @before, and moves its
 * notice to @notice_state (its own state: left as it is); a toast with
 * @message (already escaped) offers Undo. */
static void
write_change (RapportRenewalsView   *self,
              const RapportContract *before,
              RapportContract       *contract,
              RapportNoticeState     notice_state,
              const char            *message,
              const char            *failure)
{
  RapportStore *store = rapport_context_get_store (self->context);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const RapportNotice *listed = lookup_notice (self, before->id);
  g_autoptr(RapportNotice) notice = NULL;
  g_autoptr(RapportNotice) notice_before = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;
  Undo *undo;

  /* Read before anything is written: what Undo puts back. A notice
   * already closed stays as it is. */
  if (listed != NULL && listed->state != notice_state &&
      listed->state != RAPPORT_NOTICE_RENEWED && listed->state != RAPPORT_NOTICE_LAPSED)
    {
      if (!(notice_before = rapport_store_get_notice (store, listed->id, &error)) ||
          !(notice = rapport_store_get_notice (store, listed->id, &error)))
        {
          rapport_window_toast_error (root, failure, error);
          return;
        }
      notice->state = notice_state;
    }

  /* The contract first, then its notice written as it is (not through
   * rapport_store_set_notice_state, which would move the contract
   * again: an extended contract stays active). */
  if (!rapport_store_update_contract (store, contract, &error))
    {
      rapport_window_toast_error (root, failure, error);
      return;
    }

  undo = g_new0 (Undo, 1);
  undo->store = g_object_ref (store);
  g_weak_ref_init (&undo->window, root);
  undo->before = rapport_contract_copy (before);
  undo->notice = g_steal_pointer (&notice_before);

  if (notice != NULL && !rapport_store_update_notice (store, notice, &error))
    {
      /* The contract changed: Undo still offers to take that back. */
      rapport_window_toast_error (root, _("The contract changed, but its notice kept its state"), error);
    }

  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_cb), undo, undo_free, 0);
  rapport_window_toast_for (root, toast);
}

static void
set_state (RapportRenewalsView  *self,
           gint64                id,
           RapportContractState  state)
{
  const RapportContract *before = lookup (self, id);
  g_autoptr(RapportContract) contract = NULL;
  g_autofree char *message = NULL;
  RapportNoticeState notice_state;

  if (before == NULL || !rapport_notice_state_for_contract (state, &notice_state))
    return;

  contract = rapport_contract_copy (before);
  contract->state = state;

  if (state == RAPPORT_CONTRACT_RENEWED)
    {
      /* Translators: %s is the contract's product or service */
      message = g_markup_printf_escaped (_("“%s” marked renewed"), before->product);
      write_change (self, before, contract, notice_state, message,
                    _("Could not mark the contract renewed"));
    }
  else
    {
      /* Translators: %s is the contract's product or service */
      message = g_markup_printf_escaped (_("“%s” marked lapsed"), before->product);
      write_change (self, before, contract, notice_state, message,
                    _("Could not mark the contract lapsed"));
    }
}

static void
renewed_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  set_state (RAPPORT_RENEWALS_VIEW (widget), g_variant_get_int64 (parameter), RAPPORT_CONTRACT_RENEWED);
}

static void
lapsed_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  set_state (RAPPORT_RENEWALS_VIEW (widget), g_variant_get_int64 (parameter), RAPPORT_CONTRACT_LAPSED);
}

static void
extend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportRenewalsView *self = RAPPORT_RENEWALS_VIEW (widget);
  const RapportContract *before = lookup (self, g_variant_get_int64 (parameter));
  g_autoptr(RapportContract) contract = NULL;
  g_autofree char *end = NULL;
  g_autofree char *message = NULL;
  char next_end[11];

  if (before == NULL || !rapport_date_add_years (before->end_date, 1, next_end))
    return;

  contract = rapport_contract_copy (before);
  g_free (contract->end_date);
  contract->end_date = g_strdup (next_end);
  contract->state = RAPPORT_CONTRACT_ACTIVE;

  end = rapport_format_date (next_end);
  /* Translators: the first %s is the contract's product or service, the
   * second its new end date */
  message = g_markup_printf_escaped (_("“%s” extended to %s"), before->product, end);
  /* Extended is renewed, for the notice of the term that ended. */
  write_change (self, before, contract, RAPPORT_NOTICE_RENEWED, message, _("Could not extend the contract"));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportRenewalsView *self = RAPPORT_RENEWALS_VIEW (widget);
  const RapportContract *contract = lookup (self, g_variant_get_int64 (parameter));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWindow *dialog;

  if (contract == NULL)
    return;

  dialog = rapport_contract_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        self->context, contract->customer_id, contract->id);
  gtk_window_present (dialog);
}

static void
open_notice_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RapportRenewalsView *self = RAPPORT_RENEWALS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWindow *dialog;

  dialog = rapport_notice_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                      self->context, g_variant_get_int64 (parameter));
  gtk_window_present (dialog);
}

static void
rapport_renewals_view_map (GtkWidget *widget)
{
  RapportRenewalsView *self = RAPPORT_RENEWALS_VIEW (widget);

  GTK_WIDGET_CLASS (rapport_renewals_view_parent_class)->map (widget);

  if (self->dirty)
    reload (self);
}

static void
rapport_renewals_view_constructed (GObject *object)
{
  RapportRenewalsView *self = RAPPORT_RENEWALS_VIEW (object);

  G_OBJECT_CLASS (rapport_renewals_view_parent_class)->constructed (object);

  g_assert (RAPPORT_IS_CONTEXT (self->context));

  g_signal_connect_object (rapport_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
rapport_renewals_view_dispose (GObject *object)
{
  RapportRenewalsView *self = RAPPORT_RENEWALS_VIEW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->next_day_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_RENEWALS_VIEW);
  /* Unbound template children too: the layout manager holds them. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);

  g_clear_pointer (&self->listed, g_hash_table_unref);
  g_clear_pointer (&self->notices, g_hash_table_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rapport_renewals_view_parent_class)->dispose (object);
}

static void
rapport_renewals_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RapportRenewalsView *self = RAPPORT_RENEWALS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_renewals_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RapportRenewalsView *self = RAPPORT_RENEWALS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_NARROW:
      if (self->narrow != g_value_get_boolean (value))
        {
          self->narrow = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_renewals_view_class_init (RapportRenewalsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rapport_renewals_view_constructed;
  object_class->dispose = rapport_renewals_view_dispose;
  object_class->get_property = rapport_renewals_view_get_property;
  object_class->set_property = rapport_renewals_view_set_property;

  widget_class->map = rapport_renewals_view_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RAPPORT_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rapportcrm/Rapport/rapport-renewals-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportRenewalsView, title);
  gtk_widget_class_bind_template_child (widget_class, RapportRenewalsView, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportRenewalsView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, RapportRenewalsView, list);

  gtk_widget_class_install_action (widget_class, "renewal.renewed", "x", renewed_action);
  gtk_widget_class_install_action (widget_class, "renewal.extend", "x", extend_action);
  gtk_widget_class_install_action (widget_class, "renewal.lapsed", "x", lapsed_action);
  gtk_widget_class_install_action (widget_class, "renewal.open-customer", "x", rapport_section_open_customer);
  gtk_widget_class_install_action (widget_class, "renewal.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "renewal.open-notice", "x", open_notice_action);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rapport_renewals_view_init (RapportRenewalsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->listed = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                        (GDestroyNotify) rapport_contract_free);
  self->notices = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify) rapport_notice_free);
  self->dirty = TRUE;
}

GtkWidget *
rapport_renewals_view_new (RapportContext *context)
{
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);

  return g_object_new (RAPPORT_TYPE_RENEWALS_VIEW,
                       "context", context,
                       NULL);
}
