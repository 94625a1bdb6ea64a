; ModuleID = 'jlremote'
source_filename = "jlremote"
target triple = "x86_64-unknown-linux-gnu"

define i64 @julia_collatz_Int64(i64 %0) !dbg !4 {
entry:
  %k = alloca i64, align 8
  store i64 0, ptr %k, align 4
  %n = alloca i64, align 8
  store i64 0, ptr %n, align 4
  store i64 %0, ptr %n, align 4
  store i64 0, ptr %k, align 4, !dbg !7
  br label %while.cond, !dbg !8

while.cond:                                       ; preds = %tern.end, %entry
  br label %while.body, !dbg !8

while.body:                                       ; preds = %while.cond
  %n1 = load i64, ptr %n, align 4, !dbg !9
  %1 = icmp eq i64 %n1, 1, !dbg !9
  br i1 %1, label %if.then, label %if.next, !dbg !10

while.end:                                        ; preds = %if.then
  %k10 = load i64, ptr %k, align 4, !dbg !11
  ret i64 %k10

if.end:                                           ; preds = %if.next
  %n2 = load i64, ptr %n, align 4, !dbg !12
  br label %cont, !dbg !12

if.then:                                          ; preds = %while.body
  br label %while.end, !dbg !13

if.next:                                          ; preds = %while.body
  br label %if.end, !dbg !10

cont:                                             ; preds = %if.end
  %2 = srem i64 %n2, 2, !dbg !12
  %3 = icmp eq i64 %2, 0, !dbg !12
  br i1 %3, label %tern.then, label %tern.else, !dbg !12

tern.then:                                        ; preds = %cont
  %n3 = load i64, ptr %n, align 4, !dbg !14
  br label %cont5, !dbg !14

tern.else:                                        ; preds = %cont
  %n8 = load i64, ptr %n, align 4, !dbg !15
  %4 = mul i64 3, %n8, !dbg !16
  %5 = add i64 %4, 1, !dbg !16
  br label %tern.end, !dbg !12

tern.end:                                         ; preds = %tern.else, %cont7
  %6 = phi i64 [ %10, %cont7 ], [ %5, %tern.else ], !dbg !12
  store i64 %6, ptr %n, align 4, !dbg !17
  %k9 = load i64, ptr %k, align 4, !dbg !18
  %7 = add i64 %k9, 1, !dbg !18
  store i64 %7, ptr %k, align 4, !dbg !18
  br label %while.cond, !dbg !8

cont5:                                            ; preds = %tern.then
  %8 = icmp eq i64 %n3, -9223372036854775808, !dbg !14
  %9 = and i1 false, %8, !dbg !14
  br i1 %9, label %throw6, label %cont7, !dbg !14

throw6:                                           ; preds = %cont5
  call void @jlremote_throw(i32 3, i32 3, ptr null, i32 0), !dbg !14
  unreachable, !dbg !14

cont7:                                            ; preds = %cont5
  %10 = sdiv i64 %n3, 2, !dbg !14
  br label %tern.end, !dbg !12
}

define i64 @julia_steps_Int64_Int64_Int64(i64 %0, i64 %1, i64 %2) !dbg !19 {
entry:
  %iter = alloca i64, align 8
  %a = alloca i64, align 8
  store i64 0, ptr %a, align 4
  %b = alloca i64, align 8
  store i64 0, ptr %b, align 4
  %i = alloca i64, align 8
  store i64 0, ptr %i, align 4
  %s = alloca i64, align 8
  store i64 0, ptr %s, align 4
  %t = alloca i64, align 8
  store i64 0, ptr %t, align 4
  store i64 %0, ptr %a, align 4
  store i64 %1, ptr %s, align 4
  store i64 %2, ptr %b, align 4
  store i64 0, ptr %t, align 4, !dbg !20
  %a1 = load i64, ptr %a, align 4, !dbg !21
  %s2 = load i64, ptr %s, align 4, !dbg !22
  %b3 = load i64, ptr %b, align 4, !dbg !23
  %3 = icmp eq i64 %s2, 0, !dbg !24
  br i1 %3, label %throw, label %cont, !dbg !24

throw:                                            ; preds = %entry
  call void @jlremote_throw(i32 7, i32 4, ptr null, i32 0), !dbg !24
  unreachable, !dbg !24

cont:                                             ; preds = %entry
  %4 = icmp sgt i64 %s2, 0, !dbg !24
  %5 = icmp sle i64 %a1, %b3, !dbg !24
  %6 = icmp sle i64 %b3, %a1, !dbg !24
  %7 = select i1 %4, i1 %5, i1 %6, !dbg !24
  %8 = sub i64 %b3, %a1, !dbg !24
  %9 = sub i64 %a1, %b3, !dbg !24
  %10 = select i1 %4, i64 %8, i64 %9, !dbg !24
  %11 = sub i64 0, %s2, !dbg !24
  %12 = select i1 %4, i64 %s2, i64 %11, !dbg !24
  %13 = urem i64 %10, %12, !dbg !24
  %14 = sub i64 %b3, %13, !dbg !24
  %15 = add i64 %b3, %13, !dbg !24
  %16 = select i1 %4, i64 %14, i64 %15, !dbg !24
  store i64 %a1, ptr %iter, align 4, !dbg !24
  br i1 %7, label %for.body, label %for.end, !dbg !24

for.body:                                         ; preds = %for.inc, %cont
  %17 = load i64, ptr %iter, align 4, !dbg !24
  store i64 %17, ptr %i, align 4, !dbg !24
  %i4 = load i64, ptr %i, align 4, !dbg !25
  %18 = icmp slt i64 0, %i4, !dbg !26
  br i1 %18, label %cmp.next, label %cmp.end, !dbg !26

for.latch:                                        ; preds = %if.end, %if.then
  %19 = load i64, ptr %iter, align 4, !dbg !24
  %20 = icmp eq i64 %19, %16, !dbg !24
  br i1 %20, label %for.end, label %for.inc, !dbg !24

for.end:                                          ; preds = %for.latch, %cont
  %t7 = load i64, ptr %t, align 4, !dbg !27
  ret i64 %t7

if.end:                                           ; preds = %if.next
  %i5 = load i64, ptr %i, align 4, !dbg !28
  %t6 = load i64, ptr %t, align 4, !dbg !29
  %21 = add i64 %t6, %i5, !dbg !29
  store i64 %21, ptr %t, align 4, !dbg !29
  br label %for.latch, !dbg !24

cmp.end:                                          ; preds = %cmp.next, %for.body
  %22 = phi i1 [ false, %for.body ], [ %23, %cmp.next ], !dbg !26
  br i1 %22, label %if.then, label %if.next, !dbg !30

cmp.next:                                         ; preds = %for.body
  %23 = icmp sle i64 %i4, 5, !dbg !26
  br label %cmp.end, !dbg !26

if.then:                                          ; preds = %cmp.end
  br label %for.latch, !dbg !31

if.next:                                          ; preds = %cmp.end
  br label %if.end, !dbg !30

for.inc:                                          ; preds = %for.latch
  %24 = add i64 %19, %s2, !dbg !24
  store i64 %24, ptr %iter, align 4, !dbg !24
  br label %for.body, !dbg !24
}

define double @julia_clampsum_Float64_Float64(double %0, double %1) !dbg !32 {
entry:
  %payload = alloca [8 x i8], align 1
  %x = alloca double, align 8
  store double 0.000000e+00, ptr %x, align 8
  %y = alloca double, align 8
  store double 0.000000e+00, ptr %y, align 8
  store double %0, ptr %x, align 8
  store double %1, ptr %y, align 8
  %x1 = load double, ptr %x, align 8, !dbg !33
  %y2 = load double, ptr %y, align 8, !dbg !34
  %2 = fadd double %x1, %y2, !dbg !33
  %3 = fsub double %2, 0.000000e+00, !dbg !35
  %4 = bitcast double %3 to i64, !dbg !35
  %5 = icmp slt i64 %4, 0, !dbg !35
  %6 = select i1 %5, double 0.000000e+00, double %2, !dbg !35
  %7 = fcmp uno double %2, 0.000000e+00, !dbg !35
  %8 = select i1 %7, double %3, double %6, !dbg !35
  %9 = fsub double %8, 1.000000e+00, !dbg !36
  %10 = bitcast double %9 to i64, !dbg !36
  %11 = icmp slt i64 %10, 0, !dbg !36
  %12 = select i1 %11, double %8, double 1.000000e+00, !dbg !36
  %13 = fcmp uno double %8, 1.000000e+00, !dbg !36
  %14 = select i1 %13, double %9, double %12, !dbg !36
  %x3 = load double, ptr %x, align 8, !dbg !37
  %15 = call double @llvm.fabs.f64(double %x3), !dbg !38
  %16 = fcmp olt double %15, 0.000000e+00, !dbg !39
  br i1 %16, label %throw, label %cont, !dbg !39

throw:                                            ; preds = %entry
  %17 = getelementptr i8, ptr %payload, i32 0, !dbg !39
  store double %15, ptr %17, align 1, !dbg !39
  call void @jlremote_throw(i32 6, i32 5, ptr %payload, i32 8), !dbg !39
  unreachable, !dbg !39

cont:                                             ; preds = %entry
  %18 = call double @llvm.sqrt.f64(double %15), !dbg !39
  %19 = fmul double %18, %18, !dbg !39
  %20 = fadd double %14, %19, !dbg !36
  ret double %20
}

; Function Attrs: cold noreturn
declare void @jlremote_throw(i32, i32, ptr, i32) #0

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.fabs.f64(double) #1

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.sqrt.f64(double) #1

attributes #0 = { cold noreturn }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }

!llvm.module.flags = !{!0, !1}
!llvm.dbg.cu = !{!2}

!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = !{i32 2, !"Dwarf Version", i32 4}
!2 = distinct !DICompileUnit(language: DW_LANG_Julia, file: !3, producer: "jlremote", isOptimized: true, runtimeVersion: 0, emissionKind: LineTablesOnly)
!3 = !DIFile(filename: "test.jl", directory: ".")
!4 = distinct !DISubprogram(name: "collatz", linkageName: "julia_collatz_Int64", scope: !3, file: !3, line: 3, type: !5, scopeLine: 3, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2)
!5 = !DISubroutineType(types: !6)
!6 = !{}
!7 = !DILocation(line: 4, column: 5, scope: !4)
!8 = !DILocation(line: 5, column: 5, scope: !4)
!9 = !DILocation(line: 6, column: 12, scope: !4)
!10 = !DILocation(line: 6, column: 9, scope: !4)
!11 = !DILocation(line: 12, column: 5, scope: !4)
!12 = !DILocation(line: 9, column: 13, scope: !4)
!13 = !DILocation(line: 7, column: 13, scope: !4)
!14 = !DILocation(line: 9, column: 26, scope: !4)
!15 = !DILocation(line: 9, column: 35, scope: !4)
!16 = !DILocation(line: 9, column: 34, scope: !4)
!17 = !DILocation(line: 9, column: 9, scope: !4)
!18 = !DILocation(line: 10, column: 9, scope: !4)
!19 = distinct !DISubprogram(name: "steps", linkageName: "julia_steps_Int64_Int64_Int64", scope: !3, file: !3, line: 15, type: !5, scopeLine: 15, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2)
!20 = !DILocation(line: 16, column: 5, scope: !19)
!21 = !DILocation(line: 17, column: 14, scope: !19)
!22 = !DILocation(line: 17, column: 16, scope: !19)
!23 = !DILocation(line: 17, column: 18, scope: !19)
!24 = !DILocation(line: 17, column: 5, scope: !19)
!25 = !DILocation(line: 18, column: 16, scope: !19)
!26 = !DILocation(line: 18, column: 12, scope: !19)
!27 = !DILocation(line: 23, column: 5, scope: !19)
!28 = !DILocation(line: 21, column: 14, scope: !19)
!29 = !DILocation(line: 21, column: 9, scope: !19)
!30 = !DILocation(line: 18, column: 9, scope: !19)
!31 = !DILocation(line: 19, column: 13, scope: !19)
!32 = distinct !DISubprogram(name: "clampsum", linkageName: "julia_clampsum_Float64_Float64", scope: !3, file: !3, line: 26, type: !5, scopeLine: 26, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2)
!33 = !DILocation(line: 26, column: 26, scope: !32)
!34 = !DILocation(line: 26, column: 30, scope: !32)
!35 = !DILocation(line: 26, column: 22, scope: !32)
!36 = !DILocation(line: 26, column: 18, scope: !32)
!37 = !DILocation(line: 26, column: 51, scope: !32)
!38 = !DILocation(line: 26, column: 47, scope: !32)
!39 = !DILocation(line: 26, column: 42, scope: !32)
