from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'brief.letter.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_title = resolve('title')
    l_0_date_text = resolve('date_text')
    l_0_programme = resolve('programme')
    l_0_period = resolve('period')
    l_0_lead = resolve('lead')
    l_0_sections = resolve('sections')
    l_0_steering_part = resolve('steering_part')
    l_0_finished_told = resolve('finished_told')
    l_0_w = resolve('w')
    l_0_starting = resolve('starting')
    l_0_upcoming = resolve('upcoming')
    l_0_more_info = resolve('more_info')
    l_0_links = resolve('links')
    l_0_told = l_0_line = l_0_tail_lines = l_0_figures = l_0_groups_formed_text = l_0_starts_here = l_0_items_told = l_0_opening = l_0_flat = l_0_flat_tail = l_0_part = l_0_starting_news = l_0_more_urls = l_0_remarks = missing
    try:
        t_1 = environment.filters['count']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'count' found.")
    try:
        t_2 = environment.filters['date']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'date' found.")
    try:
        t_3 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_4 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_5 = environment.filters['join_and']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'join_and' found.")
    try:
        t_6 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_7 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_8 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_9 = environment.filters['max']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'max' found.")
    try:
        t_10 = environment.filters['min']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'min' found.")
    try:
        t_11 = environment.filters['rejectattr']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No filter named 'rejectattr' found.")
    try:
        t_12 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_12(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_13 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_13(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_14 = environment.filters['sum']
    except KeyError:
        @internalcode
        def t_14(*unused):
            raise TemplateRuntimeError("No filter named 'sum' found.")
    try:
        t_15 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_15(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    try:
        t_16 = environment.filters['upper']
    except KeyError:
        @internalcode
        def t_16(*unused):
            raise TemplateRuntimeError("No filter named 'upper' found.")
    try:
        t_17 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_17(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    def macro(l_1_a, l_1_level):
        t_18 = []
        if l_1_a is missing:
            l_1_a = undefined("parameter 'a' was not provided", name='a')
        if l_1_level is missing:
            l_1_level = undefined("parameter 'level' was not provided", name='level')
        pass
        t_18.extend((
            str(l_1_level),
            ' ',
            str(environment.getattr(l_1_a, 'title')),
            '\n\n',
        ))
        if environment.getattr(l_1_a, 'paragraph'):
            pass
            t_18.extend((
                str(environment.getattr(l_1_a, 'paragraph')),
                '\n\n',
            ))
        return concat(t_18)
    context.exported_vars.add('told')
    context.vars['told'] = l_0_told = Macro(environment, macro, 'told', ('a', 'level'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_a):
        t_19 = []
        if l_1_a is missing:
            l_1_a = undefined("parameter 'a' was not provided", name='a')
        pass
        t_19.extend((
            '- **',
            str(environment.getattr(l_1_a, 'title')),
            '**: ',
            str(environment.getattr(l_1_a, 'line')),
        ))
        return concat(t_19)
    context.exported_vars.add('line')
    context.vars['line'] = l_0_line = Macro(environment, macro, 'line', ('a',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_tail):
        t_20 = []
        if l_1_tail is missing:
            l_1_tail = undefined("parameter 'tail' was not provided", name='tail')
        pass
        for l_2_t in l_1_tail:
            _loop_vars = {}
            pass
            t_20.extend((
                str(environment.getattr(l_2_t, 'label')),
                ': ',
                str(t_5(t_8(context, environment.getattr(l_2_t, 'records'), attribute='text'))),
                '.\n',
            ))
        l_2_t = missing
        return concat(t_20)
    context.exported_vars.add('tail_lines')
    context.vars['tail_lines'] = l_0_tail_lines = Macro(environment, macro, 'tail_lines', ('tail',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_ms, l_1_with_goal):
        t_21 = []
        if l_1_ms is missing:
            l_1_ms = undefined("parameter 'ms' was not provided", name='ms')
        if l_1_with_goal is missing:
            l_1_with_goal = undefined("parameter 'with_goal' was not provided", name='with_goal')
        pass
        for l_2_m in l_1_ms:
            _loop_vars = {}
            pass
            t_21.extend((
                '- ',
                str(environment.getattr(l_2_m, 'title')),
            ))
            if l_1_with_goal:
                pass
                t_21.extend((
                    ' (',
                    str(environment.getattr(l_2_m, 'goal_title')),
                    ')',
                ))
            t_21.extend((
                ': ',
                str(environment.getattr(l_2_m, 'text')),
                '.\n',
            ))
        l_2_m = missing
        return concat(t_21)
    context.exported_vars.add('figures')
    context.vars['figures'] = l_0_figures = Macro(environment, macro, 'figures', ('ms', 'with_goal'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_part):
        t_22 = []
        l_1_when = resolve('when')
        l_1_first = resolve('first')
        l_1_last = resolve('last')
        l_1_sentence = resolve('sentence')
        l_1_gf = l_1_dates = l_1_groups = l_1_verb = missing
        if l_1_part is missing:
            l_1_part = undefined("parameter 'part' was not provided", name='part')
        pass
        l_1_gf = environment.getattr(l_1_part, 'formed')
        l_1_dates = t_7(context.eval_ctx, t_8(context, t_13(context, (undefined(name='gf') if l_1_gf is missing else l_1_gf), 'formed'), attribute='formed'))
        if ((not (undefined(name='dates') if l_1_dates is missing else l_1_dates)) or (t_6((undefined(name='dates') if l_1_dates is missing else l_1_dates)) < t_6((undefined(name='gf') if l_1_gf is missing else l_1_gf)))):
            pass
            l_1_when = environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'when_none')
        elif (t_10(environment, (undefined(name='dates') if l_1_dates is missing else l_1_dates)) == t_9(environment, (undefined(name='dates') if l_1_dates is missing else l_1_dates))):
            pass
            l_1_when = t_3(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'when_one'), date=t_2(environment.getitem((undefined(name='dates') if l_1_dates is missing else l_1_dates), 0)))
        else:
            pass
            l_1_first = t_10(environment, (undefined(name='dates') if l_1_dates is missing else l_1_dates))
            l_1_last = t_9(environment, (undefined(name='dates') if l_1_dates is missing else l_1_dates))
            l_1_when = t_3(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'when_span'), a=t_2((undefined(name='first') if l_1_first is missing else l_1_first), (environment.getattr((undefined(name='first') if l_1_first is missing else l_1_first), 'year') != environment.getattr((undefined(name='last') if l_1_last is missing else l_1_last), 'year'))), b=t_2((undefined(name='last') if l_1_last is missing else l_1_last)))
        l_1_groups = t_5(t_8(context, environment.getattr(l_1_part, 'formed_by_kind'), attribute='label'))
        l_1_verb = (environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'verb_one') if (t_6((undefined(name='gf') if l_1_gf is missing else l_1_gf)) == 1) else environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'verb_many'))
        if environment.getattr(l_1_part, 'existing'):
            pass
            l_1_sentence = t_3(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'formed_besides'), the=(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'the_one') if (t_6(environment.getattr(l_1_part, 'existing')) == 1) else environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'the_many')), existing=t_5(t_8(context, environment.getattr(l_1_part, 'existing'), attribute='title')), verb=(undefined(name='verb') if l_1_verb is missing else l_1_verb), when=(undefined(name='when') if l_1_when is missing else l_1_when), groups=(undefined(name='groups') if l_1_groups is missing else l_1_groups))
        else:
            pass
            l_1_sentence = t_3(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'formed'), When=str_join((t_16(environment.getitem((undefined(name='when') if l_1_when is missing else l_1_when), 0)), (undefined(name='when') if l_1_when is missing else l_1_when)[1:], )), verb=(undefined(name='verb') if l_1_verb is missing else l_1_verb), groups=(undefined(name='groups') if l_1_groups is missing else l_1_groups))
        if (t_6((undefined(name='gf') if l_1_gf is missing else l_1_gf)) == 1):
            pass
            t_22.extend((
                str((undefined(name='sentence') if l_1_sentence is missing else l_1_sentence)),
                ' ',
                str(environment.getattr(environment.getitem((undefined(name='gf') if l_1_gf is missing else l_1_gf), 0), 'title')),
                '.\n',
            ))
        else:
            pass
            t_22.extend((
                str((undefined(name='sentence') if l_1_sentence is missing else l_1_sentence)),
                '\n\n',
            ))
            for l_2_k in environment.getattr(l_1_part, 'formed_by_kind'):
                _loop_vars = {}
                pass
                t_22.extend((
                    '- ',
                    str(environment.getattr(l_2_k, 'plural')),
                    ': ',
                    str(t_4(context.eval_ctx, environment.getattr(l_2_k, 'dated_names'), '; ')),
                    '\n',
                ))
            l_2_k = missing
        t_22.append(
            '\n',
        )
        for l_2_n in environment.getattr(l_1_part, 'notes'):
            _loop_vars = {}
            pass
            if environment.getattr(l_2_n, 'names_subject'):
                pass
                t_22.append(
                    str(environment.getattr(l_2_n, 'text')),
                )
            else:
                pass
                t_22.extend((
                    '**',
                    str(environment.getattr(environment.getattr(l_2_n, 'group'), 'title')),
                    '**: ',
                    str(environment.getattr(l_2_n, 'text')),
                ))
            t_22.append(
                '\n\n',
            )
        l_2_n = missing
        return concat(t_22)
    context.exported_vars.add('groups_formed_text')
    context.vars['groups_formed_text'] = l_0_groups_formed_text = Macro(environment, macro, 'groups_formed_text', ('part',), False, False, False, context.eval_ctx.autoescape)
    yield '# '
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n\n'
    yield str((undefined(name='date_text') if l_0_date_text is missing else l_0_date_text))
    yield '\n\n'
    l_0_starts_here = (environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'start') and (t_17(environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'since')) or (environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'since') <= environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'start'))))
    context.vars['starts_here'] = l_0_starts_here
    context.exported_vars.add('starts_here')
    l_0_items_told = (((((undefined(name='lead') if l_0_lead is missing else l_0_lead) or (undefined(name='sections') if l_0_sections is missing else l_0_sections)) or environment.getattr((undefined(name='steering_part') if l_0_steering_part is missing else l_0_steering_part), 'formed')) or environment.getattr((undefined(name='steering_part') if l_0_steering_part is missing else l_0_steering_part), 'full')) or environment.getattr((undefined(name='steering_part') if l_0_steering_part is missing else l_0_steering_part), 'tail'))
    context.vars['items_told'] = l_0_items_told
    context.exported_vars.add('items_told')
    l_1_goals = resolve('goals')
    l_1_events = resolve('events')
    l_1_by_goal = resolve('by_goal')
    l_1_since = missing
    t_23 = []
    pass
    if (environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'start_text') and (undefined(name='starts_here') if l_0_starts_here is missing else l_0_starts_here)):
        pass
        t_23.append(
            str(t_3(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'launched'), name=environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'name'), date=environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'start_text'))),
        )
    elif environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'start_text'):
        pass
        t_23.append(
            str(t_3(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'running'), name=environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'name'), date=environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'start_text'))),
        )
    if (undefined(name='goals') if l_1_goals is missing else l_1_goals):
        pass
        t_23.extend((
            ' ',
            str(t_3((environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'goals_in') if environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'start_text') else environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'goals_of')), name=environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'name'), n=t_1(t_6((undefined(name='goals') if l_1_goals is missing else l_1_goals))), goals=(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'goal_one') if (t_6((undefined(name='goals') if l_1_goals is missing else l_1_goals)) == 1) else environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'goal_many')), list=t_5(t_8(context, t_8(context, (undefined(name='goals') if l_1_goals is missing else l_1_goals), attribute='title'), 'lower_first')))),
        ))
    l_1_since = (environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'since_text') or '')
    if (not (undefined(name='events') if l_1_events is missing else l_1_events)):
        pass
        t_23.extend((
            ' ',
            str(t_3((environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'nothing_since') if (undefined(name='since') if l_1_since is missing else l_1_since) else environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'nothing')), since=(undefined(name='since') if l_1_since is missing else l_1_since))),
        ))
    elif (not (undefined(name='items_told') if l_0_items_told is missing else l_0_items_told)):
        pass
        t_23.extend((
            ' ',
            str(t_3((environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'no_news_since') if (undefined(name='since') if l_1_since is missing else l_1_since) else environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'no_news')), since=(undefined(name='since') if l_1_since is missing else l_1_since))),
        ))
    elif (undefined(name='starts_here') if l_0_starts_here is missing else l_0_starts_here):
        pass
        t_23.extend((
            ' ',
            str((environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'steps_many') if (environment.call_binop(context, '+', t_6((undefined(name='lead') if l_0_lead is missing else l_0_lead)), t_14(environment, t_8(context, t_8(context, (undefined(name='sections') if l_0_sections is missing else l_0_sections), attribute='full'), 'length'))) > 4) else environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'steps'))),
        ))
    else:
        pass
        t_23.extend((
            ' ',
            str(t_3(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'steps_since'), since=(undefined(name='since') if l_1_since is missing else l_1_since))),
        ))
    if (undefined(name='by_goal') if l_1_by_goal is missing else l_1_by_goal):
        pass
        t_23.extend((
            ' ',
            str(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'by_goal')),
        ))
    l_0_opening = (Markup if context.eval_ctx.autoescape else identity)(concat(t_23))
    context.vars['opening'] = l_0_opening
    context.exported_vars.add('opening')
    l_1_goals = l_1_since = l_1_events = l_1_by_goal = missing
    yield str(t_15((undefined(name='opening') if l_0_opening is missing else l_0_opening)))
    yield '\n\n\n'
    l_0_flat = (environment.getitem((undefined(name='sections') if l_0_sections is missing else l_0_sections), 0) if ((undefined(name='sections') if l_0_sections is missing else l_0_sections) and (environment.getattr(environment.getitem((undefined(name='sections') if l_0_sections is missing else l_0_sections), 0), 'kind') == 'items')) else None)
    context.vars['flat'] = l_0_flat
    context.exported_vars.add('flat')
    l_0_flat_tail = (t_7(context.eval_ctx, t_11(context, environment.getattr((undefined(name='flat') if l_0_flat is missing else l_0_flat), 'tail'), 'kind', 'equalto', 'finished')) if (undefined(name='flat') if l_0_flat is missing else l_0_flat) else [])
    context.vars['flat_tail'] = l_0_flat_tail
    context.exported_vars.add('flat_tail')
    if (((undefined(name='lead') if l_0_lead is missing else l_0_lead) or (undefined(name='flat_tail') if l_0_flat_tail is missing else l_0_flat_tail)) or (undefined(name='finished_told') if l_0_finished_told is missing else l_0_finished_told)):
        pass
        if (undefined(name='finished_told') if l_0_finished_told is missing else l_0_finished_told):
            pass
            yield str(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'finished_all'))
            yield ': '
            yield str(t_5((undefined(name='finished_told') if l_0_finished_told is missing else l_0_finished_told)))
            yield '. '
        for l_1_a in (undefined(name='lead') if l_0_lead is missing else l_0_lead):
            _loop_vars = {}
            pass
            yield str(environment.getattr(environment.getitem(environment.getattr(l_1_a, 'story'), 0), 'text'))
            yield ' '
        l_1_a = missing
        if (undefined(name='flat_tail') if l_0_flat_tail is missing else l_0_flat_tail):
            pass
            yield str(t_12(context.eval_ctx, environment.call(context, (undefined(name='tail_lines') if l_0_tail_lines is missing else l_0_tail_lines), (undefined(name='flat_tail') if l_0_flat_tail is missing else l_0_flat_tail)), '\n', ' '))
        if ((undefined(name='flat') if l_0_flat is missing else l_0_flat) and (t_6(environment.getattr((undefined(name='flat') if l_0_flat is missing else l_0_flat), 'full')) > 1)):
            pass
            yield str(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'more_detail'))
        yield '\n'
    if (undefined(name='flat') if l_0_flat is missing else l_0_flat):
        pass
        for l_1_a in environment.getattr((undefined(name='flat') if l_0_flat is missing else l_0_flat), 'full'):
            _loop_vars = {}
            pass
            yield str(environment.call(context, (undefined(name='told') if l_0_told is missing else l_0_told), l_1_a, '##', _loop_vars=_loop_vars))
            yield '\n'
        l_1_a = missing
        if environment.getattr((undefined(name='flat') if l_0_flat is missing else l_0_flat), 'figures'):
            pass
            yield '## '
            yield str(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'figures'))
            yield '\n\n'
            yield str(environment.call(context, (undefined(name='figures') if l_0_figures is missing else l_0_figures), environment.getattr((undefined(name='flat') if l_0_flat is missing else l_0_flat), 'figures'), True))
            yield '\n'
    else:
        pass
        for l_1_s in (undefined(name='sections') if l_0_sections is missing else l_0_sections):
            _loop_vars = {}
            pass
            yield '## '
            yield str((environment.getattr(l_1_s, 'title') if (environment.getattr(l_1_s, 'kind') == 'goal') else environment.getitem((undefined(name='w') if l_0_w is missing else l_0_w), str_join(('section_', environment.getattr(l_1_s, 'kind'), )))))
            yield '\n\n'
            if environment.getattr(l_1_s, 'figures'):
                pass
                yield str(environment.call(context, (undefined(name='figures') if l_0_figures is missing else l_0_figures), environment.getattr(l_1_s, 'figures'), False, _loop_vars=_loop_vars))
                yield '\n\n'
            for l_2_a in environment.getattr(l_1_s, 'full'):
                _loop_vars = {}
                pass
                yield str(environment.call(context, (undefined(name='told') if l_0_told is missing else l_0_told), l_2_a, '###', _loop_vars=_loop_vars))
                yield '\n'
            l_2_a = missing
            if environment.getattr(l_1_s, 'lines'):
                pass
                if environment.getattr(l_1_s, 'full'):
                    pass
                    yield str(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'also'))
                    yield '\n\n'
                for l_2_a in environment.getattr(l_1_s, 'lines'):
                    _loop_vars = {}
                    pass
                    yield str(environment.call(context, (undefined(name='line') if l_0_line is missing else l_0_line), l_2_a, _loop_vars=_loop_vars))
                    yield '\n'
                l_2_a = missing
                yield '\n'
            if environment.getattr(l_1_s, 'tail'):
                pass
                yield str(environment.call(context, (undefined(name='tail_lines') if l_0_tail_lines is missing else l_0_tail_lines), environment.getattr(l_1_s, 'tail'), _loop_vars=_loop_vars))
                yield '\n\n'
        l_1_s = missing
    l_0_part = (undefined(name='steering_part') if l_0_steering_part is missing else l_0_steering_part)
    context.vars['part'] = l_0_part
    context.exported_vars.add('part')
    if ((environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'formed') or environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'full')) or environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'tail')):
        pass
        yield '## '
        yield str(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'steering'))
        yield '\n\n'
        if environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'formed'):
            pass
            yield str(environment.call(context, (undefined(name='groups_formed_text') if l_0_groups_formed_text is missing else l_0_groups_formed_text), (undefined(name='part') if l_0_part is missing else l_0_part)))
            yield '\n'
        for l_1_g in environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'full'):
            _loop_vars = {}
            pass
            yield str(environment.call(context, (undefined(name='told') if l_0_told is missing else l_0_told), l_1_g, '###', _loop_vars=_loop_vars))
            yield '\n'
        l_1_g = missing
        if environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'tail'):
            pass
            yield str(environment.call(context, (undefined(name='tail_lines') if l_0_tail_lines is missing else l_0_tail_lines), environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'tail')))
            yield '\n\n'
    l_0_starting_news = t_7(context.eval_ctx, t_13(context, (undefined(name='starting') if l_0_starting is missing else l_0_starting), 'activity'))
    context.vars['starting_news'] = l_0_starting_news
    context.exported_vars.add('starting_news')
    if ((undefined(name='upcoming') if l_0_upcoming is missing else l_0_upcoming) or (undefined(name='starting_news') if l_0_starting_news is missing else l_0_starting_news)):
        pass
        yield '## '
        yield str(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'outlook'))
        yield '\n\n'
        for l_1_u in (undefined(name='starting_news') if l_0_starting_news is missing else l_0_starting_news):
            _loop_vars = {}
            pass
            yield '- '
            yield str(t_3(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'outlook_start'), title=environment.getattr(l_1_u, 'title'), date=environment.getattr(l_1_u, 'start_text')))
            yield '\n'
        l_1_u = missing
        for l_1_u in (undefined(name='upcoming') if l_0_upcoming is missing else l_0_upcoming):
            _loop_vars = {}
            pass
            if environment.getattr(l_1_u, 'quiet_since'):
                pass
                yield '- '
                yield str(t_3(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'outlook_due_quiet'), title=environment.getattr(l_1_u, 'title'), date=environment.getattr(l_1_u, 'due_text'), last=environment.getattr(l_1_u, 'quiet_since_text')))
                yield '\n'
            else:
                pass
                yield '- '
                yield str(t_3(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'outlook_due'), title=environment.getattr(l_1_u, 'title'), date=environment.getattr(l_1_u, 'due_text')))
                yield '\n'
        l_1_u = missing
        yield '\n'
    l_0_more_urls = t_7(context.eval_ctx, t_8(context, (undefined(name='more_info') if l_0_more_info is missing else l_0_more_info), attribute='url'))
    context.vars['more_urls'] = l_0_more_urls
    context.exported_vars.add('more_urls')
    if (undefined(name='links') if l_0_links is missing else l_0_links):
        pass
        yield '## '
        yield str(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'links'))
        yield '\n\n'
        def t_24(fiter):
            for l_1_l in fiter:
                if (environment.getattr(l_1_l, 'url') not in (undefined(name='more_urls') if l_0_more_urls is missing else l_0_more_urls)):
                    yield l_1_l
        for l_1_l in t_24((undefined(name='links') if l_0_links is missing else l_0_links)):
            _loop_vars = {}
            pass
            yield '- ['
            yield str(environment.getattr(l_1_l, 'title'))
            yield ']('
            yield str(environment.getattr(l_1_l, 'url'))
            yield ')\n'
        l_1_l = missing
        yield '\n'
        for l_1_m in (undefined(name='more_info') if l_0_more_info is missing else l_0_more_info):
            _loop_vars = {}
            pass
            yield str(t_3(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'more_info'), text=environment.getattr(l_1_m, 'text'), url=environment.getattr(l_1_m, 'url')))
            yield '\n\n'
        l_1_m = missing
    yield '---\n\n'
    yield str(t_3((environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'covers') if environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'since_text') else environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'covers_all')), since=environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'since_text'), until=environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'until_text')))
    if environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'commits'):
        pass
        yield str(t_3(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'commits'), n=environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'commits'), commits=(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'commit_one') if (environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'commits') == 1) else environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'commit_many')), first=environment.getattr(environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'first_commit'), 'short'), first_date=environment.getattr(environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'first_commit'), 'date_text'), last=environment.getattr(environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'last_commit'), 'short'), last_date=environment.getattr(environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'last_commit'), 'date_text')))
    yield '.\n'
    l_0_remarks = ([] if environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'commits') else [(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'no_commits') if environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'git') else environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'no_git'))])
    context.vars['remarks'] = l_0_remarks
    context.exported_vars.add('remarks')
    if ((undefined(name='remarks') if l_0_remarks is missing else l_0_remarks) or environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'notes')):
        pass
        yield '\n<!-- '
        yield str(environment.getattr((undefined(name='w') if l_0_w is missing else l_0_w), 'editor'))
        yield ': '
        yield str(t_12(context.eval_ctx, t_4(context.eval_ctx, environment.call_binop(context, '+', (undefined(name='remarks') if l_0_remarks is missing else l_0_remarks), environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'notes')), '; '), '--', '- -'))
        yield '. -->\n'

blocks = {}
debug_info = '3=127&4=135&6=140&7=143&11=149&12=156&14=163&15=168&16=172&19=181&20=188&21=193&24=211&25=221&26=222&27=223&28=225&29=226&30=228&32=231&33=232&34=233&36=234&37=235&38=236&39=238&41=241&44=242&45=245&47=253&49=256&50=261&54=270&55=273&59=294&61=296&63=298&64=301&66=310&67=315&69=320&70=326&71=327&72=333&73=339&74=349&76=351&65=357&78=361&81=363&82=366&84=369&85=371&86=377&87=383&88=386&91=390&92=392&93=395&95=398&96=401&98=403&101=407&102=411&104=413&105=415&108=417&109=420&111=423&112=425&115=429&116=432&120=436&121=438&126=441&127=444&128=447&130=449&131=451&133=453&134=456&136=459&137=461&141=463&142=466&143=469&145=471&146=475&148=478&149=481&150=484&152=489&157=493&158=496&159=499&161=501&162=509&165=515&166=518&172=522&173=523&174=527&175=530&177=533'