from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'brief.nl.md.j2'

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
    l_0_highlights = resolve('highlights')
    l_0_briefly = resolve('briefly')
    l_0_groups_formed = resolve('groups_formed')
    l_0_steering = resolve('steering')
    l_0_groups_news = resolve('groups_news')
    l_0_groups_existing = resolve('groups_existing')
    l_0_starting = resolve('starting')
    l_0_upcoming = resolve('upcoming')
    l_0_more_info = resolve('more_info')
    l_0_links = resolve('links')
    l_0_status_line = l_0_groups_started = l_0_starts_here = l_0_opening = l_0_bare = l_0_starting_news = l_0_more_urls = l_0_remarks = missing
    try:
        t_1 = environment.filters['date']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'date' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['join_and']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'join_and' found.")
    try:
        t_4 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_5 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_6 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_7 = environment.filters['max']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'max' found.")
    try:
        t_8 = environment.filters['min']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'min' found.")
    try:
        t_9 = environment.filters['rejectattr']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'rejectattr' found.")
    try:
        t_10 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_11 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_12 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_12(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    try:
        t_13 = environment.filters['upper']
    except KeyError:
        @internalcode
        def t_13(*unused):
            raise TemplateRuntimeError("No filter named 'upper' found.")
    try:
        t_14 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_14(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    def macro(l_1_a):
        t_15 = []
        if l_1_a is missing:
            l_1_a = undefined("parameter 'a' was not provided", name='a')
        pass
        if (environment.getattr(l_1_a, 'category') == 'finished'):
            pass
            if (not environment.getattr(l_1_a, 'status_told')):
                pass
                t_15.append(
                    'Afgerond',
                )
                if environment.getattr(l_1_a, 'done_text'):
                    pass
                    t_15.extend((
                        ' op ',
                        str(environment.getattr(l_1_a, 'done_text')),
                    ))
                t_15.append(
                    '.',
                )
        elif (environment.getattr(l_1_a, 'category') == 'preparing'):
            pass
            if (not environment.getattr(l_1_a, 'status_told')):
                pass
                t_15.append(
                    'In voorbereiding',
                )
                if environment.getattr(l_1_a, 'start_text'):
                    pass
                    t_15.extend((
                        '; de start staat gepland voor ',
                        str(environment.getattr(l_1_a, 'start_text')),
                    ))
                t_15.append(
                    '.',
                )
        elif (environment.getattr(l_1_a, 'category') == 'cancelled'):
            pass
            if (not environment.getattr(l_1_a, 'status_told')):
                pass
                t_15.append(
                    'Dit onderdeel is vervallen.',
                )
        elif (environment.getattr(l_1_a, 'status') == 'blocked'):
            pass
            if (not environment.getattr(l_1_a, 'story')):
                pass
                t_15.extend((
                    'Status: ',
                    str(environment.getattr(l_1_a, 'status_label')),
                    '.',
                ))
            elif (not environment.getattr(l_1_a, 'status_told')):
                pass
                t_15.append(
                    'Dit ligt voorlopig stil.',
                )
        elif (environment.getattr(l_1_a, 'due_month_text') and (not environment.getattr(l_1_a, 'moved'))):
            pass
            t_15.extend((
                'Dit onderdeel is naar verwachting in ',
                str(environment.getattr(l_1_a, 'due_month_text')),
                ' gereed.',
            ))
        for l_2_m in environment.getattr(l_1_a, 'moved'):
            _loop_vars = {}
            pass
            t_15.extend((
                ' De einddatum is verschoven van ',
                str(t_1(environment.getattr(l_2_m, 'old'))),
                ' naar ',
                str(t_1(environment.getattr(l_2_m, 'new'))),
            ))
            if (environment.getattr(l_2_m, 'moves') > 1):
                pass
                t_15.extend((
                    ' (',
                    str(environment.getattr(l_2_m, 'moves')),
                    'e keer)',
                ))
            t_15.append(
                '.',
            )
        l_2_m = missing
        if (environment.getattr(l_1_a, 'budget') and (not environment.getattr(l_1_a, 'amount_told'))):
            pass
            t_15.extend((
                ' Bedrag: ',
                str(environment.getattr(l_1_a, 'budget')),
                '.',
            ))
        return concat(t_15)
    context.exported_vars.add('status_line')
    context.vars['status_line'] = l_0_status_line = Macro(environment, macro, 'status_line', ('a',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_besides):
        t_16 = []
        l_1_groups_formed_by_kind = resolve('groups_formed_by_kind')
        l_1_gf = l_1_first = l_1_last = l_1_when = l_1_verb = missing
        if l_1_besides is missing:
            l_1_besides = []
        pass
        l_1_gf = (undefined(name='groups_formed') if l_0_groups_formed is missing else l_0_groups_formed)
        l_1_first = t_8(environment, t_6(context, (undefined(name='gf') if l_1_gf is missing else l_1_gf), attribute='started'))
        l_1_last = t_7(environment, t_6(context, (undefined(name='gf') if l_1_gf is missing else l_1_gf), attribute='started'))
        t_17 = []
        pass
        if ((undefined(name='first') if l_1_first is missing else l_1_first) == (undefined(name='last') if l_1_last is missing else l_1_last)):
            pass
            t_17.extend((
                'op ',
                str(t_1((undefined(name='last') if l_1_last is missing else l_1_last))),
            ))
        else:
            pass
            t_17.extend((
                'tussen ',
                str(t_1((undefined(name='first') if l_1_first is missing else l_1_first), (environment.getattr((undefined(name='first') if l_1_first is missing else l_1_first), 'year') != environment.getattr((undefined(name='last') if l_1_last is missing else l_1_last), 'year')))),
                ' en ',
                str(t_1((undefined(name='last') if l_1_last is missing else l_1_last))),
            ))
        l_1_when = (Markup if context.eval_ctx.autoescape else identity)(concat(t_17))
        l_1_verb = ('is' if (t_4((undefined(name='gf') if l_1_gf is missing else l_1_gf)) == 1) else 'zijn')
        if l_1_besides:
            pass
            t_16.extend((
                'Naast ',
                str(('het' if (t_4(l_1_besides) == 1) else 'de')),
                ' al bestaande ',
                str(t_3(t_6(context, l_1_besides, attribute='title'))),
                ' ',
                str((undefined(name='verb') if l_1_verb is missing else l_1_verb)),
                ' ',
                str((undefined(name='when') if l_1_when is missing else l_1_when)),
            ))
        else:
            pass
            t_16.extend((
                str(t_13(environment.getitem((undefined(name='when') if l_1_when is missing else l_1_when), 0))),
                str((undefined(name='when') if l_1_when is missing else l_1_when)[1:]),
                ' ',
                str((undefined(name='verb') if l_1_verb is missing else l_1_verb)),
            ))
        t_16.extend((
            ' ',
            str(t_3(t_6(context, (undefined(name='groups_formed_by_kind') if l_1_groups_formed_by_kind is missing else l_1_groups_formed_by_kind), attribute='label'))),
            ' van start gegaan:\n\n',
        ))
        for l_2_k in (undefined(name='groups_formed_by_kind') if l_1_groups_formed_by_kind is missing else l_1_groups_formed_by_kind):
            _loop_vars = {}
            pass
            t_16.extend((
                '- ',
                str(environment.getattr(l_2_k, 'plural')),
                ': ',
                str(t_2(context.eval_ctx, environment.getattr(l_2_k, 'names'), '; ')),
                '\n',
            ))
        l_2_k = missing
        t_16.append(
            '\n',
        )
        for l_2_g in environment.call_binop(context, '+', (undefined(name='groups_formed') if l_0_groups_formed is missing else l_0_groups_formed), (undefined(name='groups_news') if l_0_groups_news is missing else l_0_groups_news)):
            _loop_vars = {}
            pass
            for l_3_n in environment.getattr(l_2_g, 'notes'):
                _loop_vars = {}
                pass
                t_16.extend((
                    str(environment.getattr(l_3_n, 'text')),
                    '\n\n',
                ))
            l_3_n = missing
        l_2_g = missing
        return concat(t_16)
    context.exported_vars.add('groups_started')
    context.vars['groups_started'] = l_0_groups_started = Macro(environment, macro, 'groups_started', ('besides',), False, False, False, context.eval_ctx.autoescape)
    yield '# '
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n\n'
    yield str((undefined(name='date_text') if l_0_date_text is missing else l_0_date_text))
    yield '\n\n'
    l_0_starts_here = (environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'start') and (t_14(environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'since')) or (environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'since') <= environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'start'))))
    context.vars['starts_here'] = l_0_starts_here
    context.exported_vars.add('starts_here')
    l_1_goals = resolve('goals')
    l_1_events = resolve('events')
    t_18 = []
    pass
    if (environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'start_text') and (undefined(name='starts_here') if l_0_starts_here is missing else l_0_starts_here)):
        pass
        t_18.extend((
            'Op ',
            str(environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'start_text')),
            ' is de ',
            str(environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'name')),
            ' van start gegaan.',
        ))
    elif environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'start_text'):
        pass
        t_18.extend((
            'De ',
            str(environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'name')),
            ' loopt sinds ',
            str(environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'start_text')),
            '.',
        ))
    if (undefined(name='goals') if l_1_goals is missing else l_1_goals):
        pass
        t_18.append(
            ' ',
        )
        if environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'start_text'):
            pass
            t_18.append(
                'We werken daarin',
            )
        else:
            pass
            t_18.extend((
                'In de ',
                str(environment.getattr((undefined(name='programme') if l_0_programme is missing else l_0_programme), 'name')),
                ' werken we',
            ))
        t_18.extend((
            ' aan ',
            str(t_4((undefined(name='goals') if l_1_goals is missing else l_1_goals))),
            ' ',
            str(('opgave' if (t_4((undefined(name='goals') if l_1_goals is missing else l_1_goals)) == 1) else 'opgaven')),
            ': ',
            str(t_3(t_6(context, t_6(context, (undefined(name='goals') if l_1_goals is missing else l_1_goals), attribute='title'), 'lower_first'))),
            '.',
        ))
    if (not (undefined(name='events') if l_1_events is missing else l_1_events)):
        pass
        t_18.append(
            ' ',
        )
        if environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'since_text'):
            pass
            t_18.extend((
                'Sinds ',
                str(environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'since_text')),
            ))
        else:
            pass
            t_18.append(
                'Tot nu toe',
            )
        t_18.append(
            ' is er niets veranderd.',
        )
    elif (not ((((undefined(name='briefly') if l_0_briefly is missing else l_0_briefly) or (undefined(name='highlights') if l_0_highlights is missing else l_0_highlights)) or (undefined(name='groups_formed') if l_0_groups_formed is missing else l_0_groups_formed)) or (undefined(name='groups_news') if l_0_groups_news is missing else l_0_groups_news))):
        pass
        t_18.append(
            ' ',
        )
        if environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'since_text'):
            pass
            t_18.extend((
                'Sinds ',
                str(environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'since_text')),
            ))
        else:
            pass
            t_18.append(
                'Tot nu toe',
            )
        t_18.append(
            ' is er geen nieuws te melden.',
        )
    elif (undefined(name='starts_here') if l_0_starts_here is missing else l_0_starts_here):
        pass
        t_18.extend((
            ' Er zijn sindsdien ',
            str(('veel ' if (environment.call_binop(context, '+', t_4((undefined(name='briefly') if l_0_briefly is missing else l_0_briefly)), t_4((undefined(name='highlights') if l_0_highlights is missing else l_0_highlights))) > 4) else cond_expr_undefined("the inline if-expression on line 50 in 'brief.nl.md.j2' evaluated to false and no else section was defined."))),
            'stappen gezet.',
        ))
    else:
        pass
        t_18.extend((
            ' Sinds ',
            str(environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'since_text')),
            ' zijn er weer stappen gezet.',
        ))
    l_0_opening = (Markup if context.eval_ctx.autoescape else identity)(concat(t_18))
    context.vars['opening'] = l_0_opening
    context.exported_vars.add('opening')
    l_1_goals = l_1_events = missing
    yield str(t_12((undefined(name='opening') if l_0_opening is missing else l_0_opening)))
    yield '\n\n\n'
    l_0_bare = t_5(context.eval_ctx, t_9(context, (undefined(name='highlights') if l_0_highlights is missing else l_0_highlights), 'story'))
    context.vars['bare'] = l_0_bare
    context.exported_vars.add('bare')
    if ((undefined(name='briefly') if l_0_briefly is missing else l_0_briefly) or (undefined(name='bare') if l_0_bare is missing else l_0_bare)):
        pass
        for l_1_a in (undefined(name='briefly') if l_0_briefly is missing else l_0_briefly):
            _loop_vars = {}
            pass
            yield str(environment.getattr(environment.getitem(environment.getattr(l_1_a, 'story'), 0), 'text'))
            yield ' '
        l_1_a = missing
        for (l_1_cat, l_1_label) in [('finished', 'Afgerond'), ('active', 'In uitvoering'), ('preparing', 'In voorbereiding'), ('delayed', 'Vertraagd of geblokkeerd'), ('cancelled', 'Vervallen')]:
            l_1_these = missing
            _loop_vars = {}
            pass
            l_1_these = t_5(context.eval_ctx, t_11(context, (undefined(name='bare') if l_0_bare is missing else l_0_bare), 'category', 'equalto', l_1_cat))
            _loop_vars['these'] = l_1_these
            if (undefined(name='these') if l_1_these is missing else l_1_these):
                pass
                yield str(l_1_label)
                yield ': '
                yield str(t_3(t_6(context, (undefined(name='these') if l_1_these is missing else l_1_these), attribute='title')))
                yield '. '
        l_1_cat = l_1_label = l_1_these = missing
        if t_5(context.eval_ctx, t_11(context, (undefined(name='highlights') if l_0_highlights is missing else l_0_highlights), 'story')):
            pass
            yield 'Op een paar onderwerpen gaan we wat dieper in.'
        yield '\n'
    l_1_loop = missing
    for l_1_a, l_1_loop in LoopContext((undefined(name='highlights') if l_0_highlights is missing else l_0_highlights), undefined):
        _loop_vars = {}
        pass
        yield '## '
        yield str(environment.getattr(l_1_a, 'title'))
        yield '\n\n'
        l_2_loop = missing
        for l_2_n, l_2_loop in LoopContext(environment.getattr(l_1_a, 'story'), undefined):
            _loop_vars = {}
            pass
            yield str(environment.getattr(l_2_n, 'text'))
            if (environment.getattr(l_2_loop, 'last') and (environment.getattr(l_1_a, 'id') != (undefined(name='steering') if l_0_steering is missing else l_0_steering))):
                pass
                yield ' '
                yield str(t_12(environment.call(context, (undefined(name='status_line') if l_0_status_line is missing else l_0_status_line), l_1_a, _loop_vars=_loop_vars)))
            yield '\n\n'
        l_2_loop = l_2_n = missing
        if (environment.getattr(l_1_a, 'id') == (undefined(name='steering') if l_0_steering is missing else l_0_steering)):
            pass
            yield str(environment.call(context, (undefined(name='groups_started') if l_0_groups_started is missing else l_0_groups_started), _loop_vars=_loop_vars))
            yield '\n'
        if ((not environment.getattr(l_1_a, 'story')) or (environment.getattr(l_1_a, 'id') == (undefined(name='steering') if l_0_steering is missing else l_0_steering))):
            pass
            yield str(t_12(environment.call(context, (undefined(name='status_line') if l_0_status_line is missing else l_0_status_line), l_1_a, _loop_vars=_loop_vars)))
            yield '\n\n'
        yield '\n'
    l_1_loop = l_1_a = missing
    if (((undefined(name='groups_formed') if l_0_groups_formed is missing else l_0_groups_formed) and (not (undefined(name='steering') if l_0_steering is missing else l_0_steering))) or ((undefined(name='groups_news') if l_0_groups_news is missing else l_0_groups_news) and (not (undefined(name='groups_formed') if l_0_groups_formed is missing else l_0_groups_formed)))):
        pass
        yield '## Netwerksturing\n\n'
        if (undefined(name='groups_formed') if l_0_groups_formed is missing else l_0_groups_formed):
            pass
            yield str(environment.call(context, (undefined(name='groups_started') if l_0_groups_started is missing else l_0_groups_started), (undefined(name='groups_existing') if l_0_groups_existing is missing else l_0_groups_existing)))
            yield '\n'
        else:
            pass
            for l_1_g in (undefined(name='groups_news') if l_0_groups_news is missing else l_0_groups_news):
                _loop_vars = {}
                pass
                for l_2_n in environment.getattr(l_1_g, 'notes'):
                    _loop_vars = {}
                    pass
                    yield str(environment.getattr(l_2_n, 'text'))
                    yield '\n\n'
                l_2_n = missing
            l_1_g = missing
    l_0_starting_news = t_5(context.eval_ctx, t_11(context, (undefined(name='starting') if l_0_starting is missing else l_0_starting), 'activity'))
    context.vars['starting_news'] = l_0_starting_news
    context.exported_vars.add('starting_news')
    if ((undefined(name='upcoming') if l_0_upcoming is missing else l_0_upcoming) or (undefined(name='starting_news') if l_0_starting_news is missing else l_0_starting_news)):
        pass
        yield '## Vooruitblik\n\n'
        for l_1_u in (undefined(name='starting_news') if l_0_starting_news is missing else l_0_starting_news):
            _loop_vars = {}
            pass
            yield '- In voorbereiding: '
            yield str(environment.getattr(l_1_u, 'title'))
            yield '; de start staat gepland voor '
            yield str(environment.getattr(l_1_u, 'start_text'))
            yield '.\n'
        l_1_u = missing
        for l_1_u in (undefined(name='upcoming') if l_0_upcoming is missing else l_0_upcoming):
            _loop_vars = {}
            pass
            yield '- De afronding van '
            yield str(environment.getattr(l_1_u, 'title'))
            yield ' staat gepland voor '
            yield str(environment.getattr(l_1_u, 'due_text'))
            yield '.\n'
        l_1_u = missing
        yield '\n'
    l_0_more_urls = t_5(context.eval_ctx, t_6(context, (undefined(name='more_info') if l_0_more_info is missing else l_0_more_info), attribute='url'))
    context.vars['more_urls'] = l_0_more_urls
    context.exported_vars.add('more_urls')
    if (undefined(name='links') if l_0_links is missing else l_0_links):
        pass
        yield '## Meer informatie\n\n'
        def t_19(fiter):
            for l_1_l in fiter:
                if (environment.getattr(l_1_l, 'url') not in (undefined(name='more_urls') if l_0_more_urls is missing else l_0_more_urls)):
                    yield l_1_l
        for l_1_l in t_19((undefined(name='links') if l_0_links is missing else l_0_links)):
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
            yield 'Meer informatie over de voortgang kun je lezen in de ['
            yield str(environment.getattr(l_1_m, 'text'))
            yield ']('
            yield str(environment.getattr(l_1_m, 'url'))
            yield ').\n\n'
        l_1_m = missing
    yield '---\n\nDit bericht beslaat '
    yield str((str_join((environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'since_text'), ' tot en met ', )) if environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'since_text') else 'alles tot en met '))
    yield str(environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'until_text'))
    if environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'commits'):
        pass
        yield ' en '
        yield str(environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'commits'))
        yield ' '
        yield str(('commit' if (environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'commits') == 1) else 'commits'))
        yield ', van '
        yield str(environment.getattr(environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'first_commit'), 'short'))
        yield ' ('
        yield str(environment.getattr(environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'first_commit'), 'date_text'))
        yield ') tot en met '
        yield str(environment.getattr(environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'last_commit'), 'short'))
        yield ' ('
        yield str(environment.getattr(environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'last_commit'), 'date_text'))
        yield ')'
    yield '.\n'
    l_0_remarks = ([] if environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'commits') else [('in git zijn er geen commits in deze periode' if environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'git') else 'er is geen git-geschiedenis gebruikt')])
    context.vars['remarks'] = l_0_remarks
    context.exported_vars.add('remarks')
    if ((undefined(name='remarks') if l_0_remarks is missing else l_0_remarks) or environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'notes')):
        pass
        yield '\n<!-- Voor de opsteller (niet zichtbaar in het bericht): '
        yield str(t_10(context.eval_ctx, t_2(context.eval_ctx, environment.call_binop(context, '+', (undefined(name='remarks') if l_0_remarks is missing else l_0_remarks), environment.getattr((undefined(name='period') if l_0_period is missing else l_0_period), 'notes')), '; '), '--', '- -'))
        yield '. -->\n'

blocks = {}
debug_info = '3=110&5=115&6=117&7=131&8=133&9=147&10=149&11=154&12=156&13=168&14=172&16=175&17=195&19=205&20=212&21=213&22=214&23=217&24=232&25=233&27=258&28=263&31=272&32=275&33=279&38=288&40=290&42=292&44=299&45=308&47=317&48=343&49=362&50=381&51=392&43=395&54=399&57=401&58=404&59=406&60=412&61=416&62=418&64=425&67=430&68=434&70=437&71=440&74=447&75=449&77=451&78=453&83=457&86=460&87=462&89=466&90=469&91=472&97=476&98=479&101=482&102=486&104=491&105=495&109=501&110=504&113=507&114=515&117=521&118=525&124=531&125=533&126=549&127=552&129=555'