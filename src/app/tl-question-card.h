/* tl-question-card.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The question on screen, over the timeline, large enough to project:
 * what is asked, the numbered choices (the class's guess marked when the
 * teacher types its number), and once revealed, the answer (the right
 * choice marked) and why.  It shows what a TlQuestionDeck says.
 */
#pragma once

#include <gtk/gtk.h>

#include "tl-question-deck.h"

G_BEGIN_DECLS

#define TL_TYPE_QUESTION_CARD (tl_question_card_get_type ())
G_DECLARE_FINAL_TYPE (TlQuestionCard, tl_question_card, TL, QUESTION_CARD, GtkWidget)

void        tl_question_card_set_deck     (TlQuestionCard *self,
                                           TlQuestionDeck *deck);
/* What it shows, for the tests: the question, each choice's text, the
 * answer line ("" until revealed). */
const char *tl_question_card_get_ask      (TlQuestionCard *self);
guint       tl_question_card_get_n_choices (TlQuestionCard *self);
GtkLabel   *tl_question_card_get_choice   (TlQuestionCard *self,
                                           guint           index);
const char *tl_question_card_get_answer   (TlQuestionCard *self);

G_END_DECLS
